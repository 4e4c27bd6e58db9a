import { afterEach, describe, expect, it } from "vitest";
import { TokenStore } from "../../../src/http/tokens.js";
import { type GatewayTest, startGatewayTest } from "../../support/gateway.js";

/**
 * The wizard's SIM step: the SIM's state and PIN attempts left, and a PIN typed by an admin
 * handed to the modem, but never when a wrong one could lock the SIM behind its PUK.
 */

let h: GatewayTest;
afterEach(async () => {
  await h?.dispose();
});

/** A gateway whose SIM wants the PIN 4711 (none configured), `attempts` left, started. */
async function locked(attempts = 3) {
  h = await startGatewayTest({
    config: { http: { enabled: true, port: 0 } },
    sim: { pin: "4711" },
    start: false,
  });
  h.sim.sim.pinAttempts = attempts;
  await h.gateway.start();
  const admin = (await new TokenStore(h.config.store.dir).create("root", ["admin"])).token;
  const reader = (await new TokenStore(h.config.store.dir).create("r", ["messages:read"])).token;
  const app = h.gateway.http?.app;
  if (app === undefined) throw new Error("no HTTP API");
  const call = (method: "GET" | "POST", url: string, body?: unknown, token = admin) =>
    app.inject({
      method,
      url,
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      ...(body === undefined ? {} : { payload: JSON.stringify(body) }),
    });
  await expect
    .poll(async () => (await call("GET", "/api/v1/modem/sim")).json().sim, { timeout: 20_000 })
    .toBe("pin-required");
  return { call, reader };
}

describe("GET /api/v1/modem/sim", () => {
  it("reports SIM PIN with the attempts the module tells", async () => {
    const { call } = await locked(2);
    expect((await call("GET", "/api/v1/modem/sim")).json()).toMatchObject({
      sim: "pin-required",
      pinAttemptsLeft: 2,
      reason: "sim-pin-required",
    });
  });

  it("is for admins only (403 with a messages:read token)", async () => {
    const { call, reader } = await locked();
    expect((await call("GET", "/api/v1/modem/sim", undefined, reader)).statusCode).toBe(403);
  });
});

describe("POST /api/v1/modem/sim/pin", () => {
  it("hands the PIN to the modem, which enters it and becomes ready", async () => {
    const { call } = await locked(3);
    const r = await call("POST", "/api/v1/modem/sim/pin", { pin: "4711" });
    expect(r.statusCode).toBe(202);
    await h.gateway.modem.whenReady();
    expect((await call("GET", "/api/v1/modem/sim")).json()).toMatchObject({ sim: "ready" });
  });

  it("refuses when only one attempt is left (409), saying the PUK would be needed", async () => {
    const { call } = await locked(1);
    const r = await call("POST", "/api/v1/modem/sim/pin", { pin: "4711" });
    expect(r.statusCode).toBe(409);
    expect(r.json()).toMatchObject({
      code: "modem.pin-refused",
      error: expect.stringContaining("PUK"),
    });
  });

  it("sends no AT+CPIN to the module when it refuses", async () => {
    const { call } = await locked(1);
    await call("POST", "/api/v1/modem/sim/pin", { pin: "4711" });
    expect(h.sim.commands.filter((c) => /^AT\+CPIN=/i.test(c))).toEqual([]);
    expect(h.sim.sim.pinAttempts).toBe(1);
  });

  it("refuses when the SIM asks for no PIN (409)", async () => {
    const { call } = await locked(3);
    await call("POST", "/api/v1/modem/sim/pin", { pin: "4711" });
    await h.gateway.modem.whenReady();
    const r = await call("POST", "/api/v1/modem/sim/pin", { pin: "4711" });
    expect(r.statusCode).toBe(409);
    expect(r.json()).toMatchObject({ error: expect.stringContaining("asks for no PIN") });
  });

  it("refuses a PIN that is not 4 to 8 digits (400), without echoing it", async () => {
    const { call } = await locked(3);
    const r = await call("POST", "/api/v1/modem/sim/pin", { pin: "12ab" });
    expect(r.statusCode).toBe(400);
    expect(r.body).not.toContain("12ab");
  });
});
