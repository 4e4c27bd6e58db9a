import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { parseConfig } from "../../src/config/index.js";
import type { buildHttpApp as BuildHttpApp } from "../../src/http/app.js";
import { TokenStore } from "../../src/http/tokens.js";

/** Every log line, at every level, as written. */
const lines: string[] = vi.hoisted(() => []);
vi.mock("../../src/log.js", async (importOriginal) => {
  const real = await importOriginal<typeof import("../../src/log.js")>();
  const { pino } = await import("pino");
  const root = pino({ level: "trace" }, { write: (l: string) => lines.push(l) });
  return { ...real, createLogger: (ns: string) => root.child({ ns }) };
});

let dir: string;
let app: ReturnType<typeof BuildHttpApp>;
let token: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "httpapi-nolog-"));
  const { buildHttpApp } = await import("../../src/http/app.js");
  const { config } = await parseConfig({ http: { enabled: true } }, { env: {} });
  const tokens = new TokenStore(dir);
  token = (await tokens.create("shop", ["messages:read"])).token;
  app = buildHttpApp({
    service: {
      get: () => undefined,
      detail: async () => undefined,
      originOf: () => undefined,
    } as never,
    modem: { state: "ready" } as never,
    tokens,
    config: config.http,
    maxParts: 10,
    deliveryReports: false,
    startedAt: new Date(),
    mqtt: () => "connected",
  });
});
afterAll(async () => {
  await app.close();
  await rm(dir, { recursive: true, force: true });
});

describe("API tokens in the logs", () => {
  it("a failed authentication is logged, without the token it carried", async () => {
    const wrong = `${token.slice(0, -4)}AAAA`;
    const r = await app.inject({
      method: "GET",
      url: "/api/v1/messages/x",
      headers: { authorization: `Bearer ${wrong}` },
    });
    expect(r.statusCode).toBe(401);
    expect(lines.some((l) => l.includes("authentication failed"))).toBe(true);
    expect(lines.filter((l) => l.includes(wrong.slice(20)))).toEqual([]);
  });

  it("a good token appears in no log line either", async () => {
    const r = await app.inject({
      method: "GET",
      url: "/api/v1/messages/x",
      headers: { authorization: `Bearer ${token}` },
    });
    expect(r.statusCode).toBe(404);
    expect(lines.filter((l) => l.includes(token.slice(20)))).toEqual([]);
  });
});
