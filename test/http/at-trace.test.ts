import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TokenStore } from "../../src/http/tokens.js";
import type { TraceLine } from "../../src/modem/at/index.js";
import { type GatewayTest, startGatewayTest } from "../support/gateway.js";

/**
 * GET /api/v1/diagnostics/at-trace on the real gateway whose SIM needs the PIN 4711: the last
 * AT lines for a bug report, PIN masked, for admins only.
 */

let h: GatewayTest;
let admin: string;
let reader: string;

beforeAll(async () => {
  h = await startGatewayTest({
    sim: { pin: "4711" },
    config: { modem: { pin: "4711" }, http: { enabled: true, port: 0 } },
  });
  const tokens = new TokenStore(h.config.store.dir);
  admin = (await tokens.create("root", ["admin"])).token;
  reader = (await tokens.create("reader", ["messages:read"])).token;
});
afterAll(async () => {
  await h.dispose();
});

const trace = (token: string) => {
  const app = h.gateway.http?.app;
  if (app === undefined) throw new Error("the HTTP API did not start");
  return app.inject({
    method: "GET",
    url: "/api/v1/diagnostics/at-trace",
    headers: { authorization: `Bearer ${token}` },
  });
};

describe("the AT trace over HTTP", () => {
  it("lists the AT lines of the start-up for an admin", async () => {
    const r = await trace(admin);
    const lines = (r.json() as { lines: TraceLine[] }).lines;
    expect([r.statusCode, lines.map((l) => `${l.dir} ${l.line}`)]).toEqual([
      200,
      expect.arrayContaining(["out AT+CMGF=0"]),
    ]);
  });

  it("shows the PIN entry with the PIN masked", async () => {
    const r = await trace(admin);
    const out = (r.json() as { lines: TraceLine[] }).lines.filter((l) => l.dir === "out");
    expect(out.map((l) => l.line)).toContain('AT+CPIN="****"');
    expect(r.body).not.toContain("4711");
  });

  it("refuses a token without admin (403)", async () => {
    expect((await trace(reader)).statusCode).toBe(403);
  });
});

describe("smsgw trace", () => {
  it("prints the trace from the HTTP API, one line each, PIN masked", async () => {
    const { runTrace } = await import("../../src/cli/commands/trace.js");
    const out: string[] = [];
    const log = console.log;
    console.log = (line: string) => out.push(line);
    try {
      expect(await runTrace({ url: h.gateway.http?.url ?? "" }, admin)).toBe(0);
    } finally {
      console.log = log;
    }
    expect(out).toContainEqual(expect.stringMatching(/^\S+Z » AT\+CPIN="\*\*\*\*"$/));
  });
});
