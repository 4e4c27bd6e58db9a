import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type HttpGatewayTest, startHttpGatewayTest } from "../support/http-gateway.js";

/**
 * The setup wizard's door to the config file: admins read and change a few keys of the file
 * the gateway started from; the owner's comments and other keys stay; a change the gateway's
 * own parser refuses is not written; secrets go in and never come out.
 */

const ORIGINAL = `# My gateway: edited by hand, keep this comment
modem:
  port: sim://SIM7600   # the simulator
  pin: "1234"
mqtt:
  url: mqtt://127.0.0.1:1883
  username: gw
  password: broker-secret-1
  baseTopic: house/sms   # topics under here
automation:
  security:
    users:
      - who: alice        # a contact: the wizard leaves it alone
        allow: [ping]
      - who: +491701111111
        allow: ["*"]
        pin: "12345678"
contacts:
  - name: alice
    number: "+491709999999"
`;

let t: HttpGatewayTest;
let dir: string;
let file: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "smsgw-setup-"));
  file = join(dir, "smsgw.yaml");
  t = await startHttpGatewayTest({}, { configFile: file });
});
afterAll(async () => {
  await t.h.dispose();
  await rm(dir, { recursive: true, force: true });
});
beforeEach(async () => {
  await writeFile(file, ORIGINAL);
});

const get = () => t.call("GET", "/api/v1/config/setup", { token: t.tokens.admin });
const patch = (body: unknown) =>
  t.call("PATCH", "/api/v1/config/setup", { token: t.tokens.admin, body });

describe("GET /api/v1/config/setup", () => {
  it("is for admins only (403 with a messages:read token)", async () => {
    const r = await t.call("GET", "/api/v1/config/setup", { token: t.tokens.read });
    expect(r.statusCode).toBe(403);
  });

  it("answers the file's broker, discovery, allowed numbers and whether secrets are set", async () => {
    const r = await get();
    expect(r.statusCode).toBe(200);
    expect(r.json()).toEqual({
      file,
      restartNeeded: true,
      mqtt: { url: "mqtt://127.0.0.1:1883", username: "gw", passwordSet: true },
      homeassistant: { enabled: true },
      allowedNumbers: ["+491701111111"],
      modem: { pinSet: true },
    });
  });

  it("never answers the broker password nor the SIM PIN", async () => {
    const body = (await get()).body;
    expect(body).not.toContain("broker-secret-1");
    expect(body).not.toContain("1234");
  });
});

describe("PATCH /api/v1/config/setup", () => {
  it("is for admins only (403 with a messages:send token)", async () => {
    const r = await t.call("PATCH", "/api/v1/config/setup", {
      token: t.tokens.send,
      body: { homeassistant: { enabled: false } },
    });
    expect(r.statusCode).toBe(403);
    expect(await readFile(file, "utf8")).toBe(ORIGINAL);
  });

  it("changes only the keys given, keeping every comment and other key of the file", async () => {
    const r = await patch({
      mqtt: { url: "mqtt://broker.lan:1883", password: "new-secret-2" },
      homeassistant: { enabled: false },
      allowedNumbers: ["+491701111111", "+491702222222"],
    });
    expect(r.statusCode).toBe(200);
    expect(await readFile(file, "utf8")).toBe(`# My gateway: edited by hand, keep this comment
modem:
  port: sim://SIM7600 # the simulator
  pin: "1234"
mqtt:
  url: mqtt://broker.lan:1883
  username: gw
  password: new-secret-2
  baseTopic: house/sms # topics under here
  homeassistant:
    enabled: false
automation:
  security:
    users:
      - who: alice # a contact: the wizard leaves it alone
        allow: [ ping ]
      - who: "+491701111111"
        allow: [ "*" ]
        pin: "12345678"
      - who: "+491702222222"
        allow:
          - "*"
contacts:
  - name: alice
    number: "+491709999999"
`);
  });

  it("answers the keys as saved, without the new password", async () => {
    const r = await patch({ mqtt: { password: "new-secret-3" }, allowedNumbers: [] });
    expect(r.json()).toMatchObject({ mqtt: { passwordSet: true }, allowedNumbers: [] });
    expect(r.body).not.toContain("new-secret-3");
  });

  it("removes a number no longer allowed but keeps users named by contact", async () => {
    await patch({ allowedNumbers: [] });
    const text = await readFile(file, "utf8");
    expect(text).not.toContain("+491701111111");
    expect(text).toContain("- who: alice");
  });

  it("null removes a key from the file", async () => {
    await patch({ mqtt: { username: null, password: null }, modem: { pin: null } });
    expect((await get()).json()).toMatchObject({
      mqtt: { username: null, passwordSet: false },
      modem: { pinSet: false },
    });
  });

  it("adds the first number to an inline empty list as a block list", async () => {
    await writeFile(file, "# none yet\nautomation:\n  security:\n    users: []\n");
    await patch({ allowedNumbers: ["+491704444444"] });
    expect(await readFile(file, "utf8")).toBe(
      '# none yet\nautomation:\n  security:\n    users:\n      - who: "+491704444444"\n        allow:\n          - "*"\n',
    );
  });

  it("refuses a number not in international form, naming it, and writes nothing", async () => {
    const r = await patch({ allowedNumbers: ["+491703333333", "0170 1234"] });
    expect(r.statusCode).toBe(400);
    expect(r.json()).toMatchObject({
      fields: [{ field: "allowedNumbers.1", message: expect.stringContaining("international") }],
    });
    expect(await readFile(file, "utf8")).toBe(ORIGINAL);
  });

  it("refuses what the gateway's config parser refuses, naming the key, and writes nothing", async () => {
    const r = await patch({ mqtt: { url: "http://broker.lan" } });
    expect(r.statusCode).toBe(400);
    expect(r.json()).toMatchObject({
      code: "config.invalid",
      fields: [{ field: "mqtt.url", message: expect.stringContaining("mqtt://") }],
    });
    expect(await readFile(file, "utf8")).toBe(ORIGINAL);
  });

  it("refuses a URL whose password is the *** the GET shows, so it is never saved as such", async () => {
    const r = await patch({ mqtt: { url: "mqtt://gw:***@broker.lan:1883" } });
    expect(r.statusCode).toBe(400);
    expect(r.json()).toMatchObject({ fields: [{ field: "mqtt.url" }] });
    expect(await readFile(file, "utf8")).toBe(ORIGINAL);
  });

  it("refuses an unknown key (400 naming it)", async () => {
    const r = await patch({ store: { dir: "/tmp" } });
    expect(r.statusCode).toBe(400);
    expect(r.json()).toMatchObject({ fields: [{ field: "store", message: "unknown field" }] });
  });

  it("leaves no temporary file beside the config file", async () => {
    await patch({ homeassistant: { enabled: true } });
    expect(await readdir(dir)).toEqual(["smsgw.yaml"]);
  });
});

describe("a config file removed since the start", () => {
  it("answers a PATCH with 409 config.no-file, writing nothing", async () => {
    await rm(file);
    const r = await patch({ homeassistant: { enabled: false } });
    expect(r.statusCode).toBe(409);
    expect(r.json()).toMatchObject({ code: "config.no-file" });
    expect(await readdir(dir)).toEqual([]);
  });
});

describe("a gateway started without a config file", () => {
  it("answers 409 config.no-file", async () => {
    const bare = await startHttpGatewayTest();
    const r = await bare.call("GET", "/api/v1/config/setup", { token: bare.tokens.admin });
    expect(r.statusCode).toBe(409);
    expect(r.json()).toMatchObject({ code: "config.no-file" });
  });
});
