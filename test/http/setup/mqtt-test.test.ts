import { createServer } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type HttpGatewayTest, startHttpGatewayTest } from "../support/http-gateway.js";

/** The wizard's "Test connection": one connection to a broker, its outcome in words. */

let t: HttpGatewayTest;
beforeAll(async () => {
  t = await startHttpGatewayTest();
});
afterAll(async () => {
  await t.h.dispose();
});

const test = (body: unknown, token = t.tokens.admin) =>
  t.call("POST", "/api/v1/config/mqtt-test", { token, body });

/** A loopback port nothing listens on (taken, then given back). */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  return typeof address === "object" && address !== null ? address.port : 1;
}

describe("POST /api/v1/config/mqtt-test", () => {
  it("answers ok for a broker that accepts the connection", async () => {
    const r = await test({ url: t.h.url, username: "me", password: "test-secret-9" });
    expect(r.statusCode).toBe(200);
    expect(r.json()).toEqual({ ok: true });
  });

  it("answers the error in words for a port nobody listens on", async () => {
    const r = await test({ url: `mqtt://127.0.0.1:${await closedPort()}` });
    expect(r.statusCode).toBe(200);
    expect(r.json()).toEqual({ ok: false, error: expect.stringContaining("ECONNREFUSED") });
  });

  it("never answers the password back", async () => {
    const r = await test({ url: `mqtt://127.0.0.1:${await closedPort()}`, password: "pw-77-x" });
    expect(r.body).not.toContain("pw-77-x");
  });

  it("refuses what is not a broker URL (400 naming url)", async () => {
    const r = await test({ url: "http://127.0.0.1:1883" });
    expect(r.statusCode).toBe(400);
    expect(r.json()).toMatchObject({ fields: [{ field: "url" }] });
  });

  it("is for admins only (403 with a messages:send token)", async () => {
    const r = await test({ url: t.h.url }, t.tokens.send);
    expect(r.statusCode).toBe(403);
  });
});
