import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import YAML from "yaml";

// The image's boot-time merge of the card's smsgw.yaml (plain Node, run as the image runs it).
const script = resolve("image/overlay/usr/local/lib/smsgw/boot-yaml.mjs");
const PLACEHOLDER = "(stored on the gateway)";
const run = promisify(execFile);

const M = "MMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMM";
const A = "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";
const B = "BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB";

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "boot-yaml-"));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

interface Applied {
  code: number;
  stdout: string;
  // biome-ignore lint/suspicious/noExplicitAny: a parsed YAML config of any shape
  full?: Record<string, any>;
  fullText?: string;
  redacted: string;
}

/** One boot: the card's text applied over what /etc holds (written back like the image does). */
async function apply(card: string, extra: string[] = []): Promise<Applied> {
  const fat = join(dir, "fat.yaml");
  const etc = join(dir, "etc.yaml");
  const out = join(dir, "out.yaml");
  const red = join(dir, "red.yaml");
  await writeFile(fat, card);
  await rm(out, { force: true });
  let code = 0;
  let stdout = "";
  try {
    ({ stdout } = await run(process.execPath, [script, fat, etc, out, red, ...extra], {
      env: { ...process.env, SMSGW_APP_DIR: resolve(".") },
    }));
  } catch (err) {
    const e = err as { code: number; stdout: string };
    code = e.code;
    stdout = e.stdout;
  }
  const redacted = await readFile(red, "utf8");
  if (code !== 0) return { code, stdout, redacted };
  const fullText = await readFile(out, "utf8");
  await writeFile(etc, fullText);
  return { code, stdout, full: YAML.parse(fullText), fullText, redacted };
}

const usersYaml = (users: Array<[string, string]>) =>
  [
    "automation:",
    "  security:",
    "    users:",
    ...users.flatMap(([who, secret]) => [
      `      - who: ${who}`,
      "        allow: ['*']",
      "        totp:",
      `          secret: ${JSON.stringify(secret)}`,
    ]),
    "",
  ].join("\n");

const secretsOf = (a: Applied) =>
  Object.fromEntries(
    (a.full?.automation?.security?.users ?? []).map(
      (u: { who: string; totp?: { secret: string } }) => [u.who, u.totp?.secret],
    ),
  );

describe("boot-yaml: stored secrets follow the user, not the list position", () => {
  it("keeps each user's own secret when a user above them is removed on the card", async () => {
    const first = await apply(
      usersYaml([
        ["mallory", M],
        ["alice", A],
        ["bob", B],
      ]),
    );
    // The card now holds placeholders; the owner deletes mallory's entry and boots again.
    const card = YAML.parseDocument(first.redacted);
    card.deleteIn(["automation", "security", "users", 0]);
    const second = await apply(card.toString());
    expect(secretsOf(second)).toEqual({ alice: A, bob: B });
  });

  it("refuses a placeholder whose user was renamed: the entry is left out and the console says why", async () => {
    await apply(
      usersYaml([
        ["alice", A],
        ["bob", B],
      ]),
    );
    const second = await apply(
      usersYaml([
        ["alice", PLACEHOLDER],
        ["carol", PLACEHOLDER],
      ]),
    );
    expect(secretsOf(second)).toEqual({ alice: A });
    expect(second.stdout).toMatch(
      /users\[who=carol\]\.totp\.secret: .*no stored entry has who=carol.*LEFT OUT/,
    );
  });

  it("refuses a placeholder in an entry without an identity instead of taking one by position", async () => {
    await apply(usersYaml([["alice", A]]));
    const card = usersYaml([["alice", PLACEHOLDER]]).replace(
      "- who: alice",
      "- allow2: x\n        who2: alice",
    );
    const second = await apply(card.replace("        allow: ['*']\n", ""));
    expect(second.full?.automation?.security?.users).toEqual([]);
  });

  it("refuses a placeholder when two entries claim the same user", async () => {
    await apply(usersYaml([["alice", A]]));
    const second = await apply(
      usersYaml([
        ["alice", PLACEHOLDER],
        ["alice", PLACEHOLDER],
      ]),
    );
    expect(second.full?.automation?.security?.users).toEqual([]);
    expect(second.stdout).toMatch(/two entries have who=alice/);
  });

  it("leaves out a top-level secret whose placeholder has nothing stored", async () => {
    const a = await apply(`modem:\n  port: /dev/serial0\n  pin: "${PLACEHOLDER}"\n`);
    expect(a.full?.modem).toEqual({ port: "/dev/serial0" });
  });

  it("takes a new secret typed on the card and blanks it on the card", async () => {
    await apply(usersYaml([["alice", A]]));
    const second = await apply(usersYaml([["alice", B]]));
    expect(secretsOf(second)).toEqual({ alice: B });
    expect(second.redacted).not.toContain(B);
    expect(second.redacted).toContain(PLACEHOLDER);
  });
});

describe("boot-yaml: no secrets left on the card", () => {
  it("moves the password of mqtt.url to the device and off the card", async () => {
    const a = await apply("mqtt:\n  url: mqtt://smsgw:UrlPassw0rd@192.168.1.10:1883\n");
    expect(a.full?.mqtt).toEqual({
      url: "mqtt://192.168.1.10:1883",
      username: "smsgw",
      password: "UrlPassw0rd",
    });
    expect(a.redacted).not.toContain("UrlPassw0rd");
    expect(YAML.parse(a.redacted).mqtt.password).toBe(PLACEHOLDER);
  });

  it("keeps the URL's password on the next boot through the placeholder", async () => {
    const first = await apply("mqtt:\n  url: mqtt://smsgw:UrlPassw0rd@192.168.1.10:1883\n");
    const second = await apply(first.redacted);
    expect(second.full?.mqtt.password).toBe("UrlPassw0rd");
  });

  it("blanks secrets line by line when the file is not YAML, and exits 1", async () => {
    const card = [
      "modem:",
      '  pin: "4711"',
      "mqtt:",
      "  url: mqtt://u:UrlPassw0rd@h:1883",
      "  password: hunter2",
      "  bad: [unclosed",
      "",
    ].join("\r\n");
    const a = await apply(card);
    expect(a.code).toBe(1);
    for (const secret of ["4711", "UrlPassw0rd", "hunter2"])
      expect(a.redacted).not.toContain(secret);
    expect(a.redacted).toContain("  url: mqtt://u@h:1883\r\n");
    expect(a.stdout).toMatch(/not valid YAML/);
  });
});

describe("boot-yaml: the gateway's own login on the local broker", () => {
  const login = ["--local-user", "smsgw-gateway", "--local-password-file", "/etc/smsgw/mqtt.pw"];

  it("is added when the config uses the local broker without a login", async () => {
    const a = await apply("mqtt:\n  url: mqtt://127.0.0.1:1883\n", login);
    expect(a.full?.mqtt).toEqual({
      url: "mqtt://127.0.0.1:1883",
      username: "smsgw-gateway",
      passwordFile: "/etc/smsgw/mqtt.pw",
    });
    expect(a.redacted).not.toContain("passwordFile");
  });

  it("is not added for another broker", async () => {
    const a = await apply("mqtt:\n  url: mqtt://10.0.2.100:1883\n", login);
    expect(a.full?.mqtt).toEqual({ url: "mqtt://10.0.2.100:1883" });
  });

  it("does not replace a login the user configured", async () => {
    const a = await apply(
      "mqtt:\n  url: mqtt://localhost:1883\n  username: me\n  password: pw\n",
      login,
    );
    expect(a.full?.mqtt).toEqual({ url: "mqtt://localhost:1883", username: "me", password: "pw" });
  });
});
