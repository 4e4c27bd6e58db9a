import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { parseConfig } from "../../../src/config/index.js";
import type { buildHttpApp as BuildHttpApp } from "../../../src/http/app.js";
import { TokenStore } from "../../../src/http/tokens.js";
import { basic, PASSWORD, USER } from "./support.js";

/** HTTP Basic on the SMSGate routes: who gets in, the per-address limit, and the logs. */

const lines: string[] = vi.hoisted(() => []);
vi.mock("../../../src/log.js", async (importOriginal) => {
  const real = await importOriginal<typeof import("../../../src/log.js")>();
  const { pino } = await import("pino");
  const root = pino({ level: "trace" }, { write: (l: string) => lines.push(l) });
  return { ...real, createLogger: (ns: string) => root.child({ ns }) };
});

let dir: string;
let now = 0;
let token: string;
const apps: Array<ReturnType<typeof BuildHttpApp>> = [];

async function appWith(http: Record<string, unknown>) {
  const { buildHttpApp } = await import("../../../src/http/app.js");
  const { config } = await parseConfig(
    { http: { enabled: true, authFailures: { max: 3, windowSeconds: 60 }, ...http } },
    { env: {} },
  );
  const tokens = new TokenStore(dir);
  const app = buildHttpApp({
    service: {
      stats: () => ({ queued: 0, sent: 0, delivered: 0, failed: 0, received: 0 }),
    } as never,
    modem: { state: "ready", info: { model: "SIM800" } } as never,
    tokens,
    config: config.http,
    maxParts: 10,
    deliveryReports: false,
    startedAt: new Date(),
    mqtt: () => "connected",
    now: () => now,
  });
  apps.push(app);
  return app;
}

let app: ReturnType<typeof BuildHttpApp>;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "smsgate-auth-"));
  token = (await new TokenStore(dir).create("admin", ["admin"])).token;
  app = await appWith({ smsgate: { username: USER, password: PASSWORD } });
});
afterAll(async () => {
  for (const a of apps) await a.close();
  await rm(dir, { recursive: true, force: true });
});

const get = (
  a: ReturnType<typeof BuildHttpApp>,
  authorization?: string,
  address = "10.0.0.1",
  url = "/",
) =>
  a.inject({
    method: "GET",
    url,
    remoteAddress: address,
    headers: authorization === undefined ? {} : { authorization },
  });

describe("SMSGate Basic authentication", () => {
  it("the configured user and password get in", async () => {
    const r = await get(app, basic(USER, PASSWORD));
    expect(r.statusCode).toBe(200);
    expect(r.json()).toEqual({ status: "ok", model: "SIM800" });
  });

  it("a wrong password answers 401 with WWW-Authenticate Basic and SMSGate's error body", async () => {
    const r = await get(app, basic(USER, "wrong-password"), "10.0.0.2");
    expect(r.statusCode).toBe(401);
    expect(r.headers["www-authenticate"]).toBe('Basic realm="smsgw", charset="UTF-8"');
    expect(r.json()).toEqual({
      message: "the username or password is wrong",
      data: { code: "http.unauthorized" },
    });
  });

  it("a wrong user name answers 401", async () => {
    expect((await get(app, basic("admin", PASSWORD), "10.0.0.2")).statusCode).toBe(401);
  });

  it("no credentials answer 401 saying what to send", async () => {
    const r = await get(app, undefined, "10.0.0.3");
    expect(r.statusCode).toBe(401);
    expect(r.json().message).toContain("HTTP Basic");
  });

  it("a Bearer token does not open the SMSGate routes", async () => {
    expect((await get(app, `Bearer ${token}`, "10.0.0.4")).statusCode).toBe(401);
  });

  it("past authFailures.max failures the address gets 429 with Retry-After, even with the right password", async () => {
    for (let i = 0; i < 3; i++) await get(app, basic(USER, `guess-number-${i}`), "10.0.0.9");
    const r = await get(app, basic(USER, PASSWORD), "10.0.0.9");
    expect(r.statusCode).toBe(429);
    expect(r.headers["retry-after"]).toBe("60");
    expect(r.json().data.code).toBe("http.too-many-failures");
  });

  it("failed Basic logins count with failed tokens: /api/v1 is locked for that address too", async () => {
    const r = await app.inject({
      method: "GET",
      url: "/api/v1/modem",
      remoteAddress: "10.0.0.9",
      headers: { authorization: `Bearer ${token}` },
    });
    expect(r.statusCode).toBe(429);
  });

  it("failed tokens count towards the SMSGate lock too", async () => {
    for (let i = 0; i < 3; i++)
      await app.inject({
        method: "GET",
        url: "/api/v1/modem",
        remoteAddress: "10.0.0.10",
        headers: { authorization: "Bearer nope" },
      });
    expect((await get(app, basic(USER, PASSWORD), "10.0.0.10")).statusCode).toBe(429);
  });

  it("the lock ends with the window", async () => {
    now += 61_000;
    expect((await get(app, basic(USER, PASSWORD), "10.0.0.9")).statusCode).toBe(200);
  });

  it("/health needs no credentials and never counts as a failure", async () => {
    for (let i = 0; i < 5; i++)
      expect((await get(app, undefined, "10.0.0.11", "/health")).statusCode).toBe(200);
    expect((await get(app, basic(USER, PASSWORD), "10.0.0.11")).statusCode).toBe(200);
  });

  it("the password never appears in a log line, right or wrong", () => {
    expect(lines.some((l) => l.includes("SMSGate authentication failed"))).toBe(true);
    const secrets = [
      PASSWORD,
      "wrong-password",
      Buffer.from(`${USER}:${PASSWORD}`).toString("base64"),
    ];
    expect(lines.filter((l) => secrets.some((s) => l.includes(s)))).toEqual([]);
  });
});

describe("without http.smsgate", () => {
  let off: ReturnType<typeof BuildHttpApp>;
  beforeAll(async () => {
    off = await appWith({});
  });

  it("the SMSGate routes do not exist: Basic credentials get the API's Bearer 401", async () => {
    const r = await get(off, basic(USER, PASSWORD), "10.0.1.1", "/message");
    expect(r.statusCode).toBe(401);
    expect(r.headers["www-authenticate"]).toBe('Bearer realm="smsgw"');
  });

  it("with a valid token the path is simply unknown (404)", async () => {
    const r = await get(off, `Bearer ${token}`, "10.0.1.2", "/device");
    expect(r.statusCode).toBe(404);
    expect(r.json()).toMatchObject({ code: "http.not-found" });
  });

  it("/health is not served either", async () => {
    expect((await get(off, undefined, "10.0.1.3", "/health")).statusCode).toBe(401);
  });
});
