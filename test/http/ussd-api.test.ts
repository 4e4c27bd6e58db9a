import { afterEach, describe, expect, it } from "vitest";
import type { ConfigInput } from "../../src/config/index.js";
import { TokenStore } from "../../src/http/tokens.js";
import type { GatewayTestOptions } from "../support/gateway.js";
import { type HttpGatewayTest, startHttpGatewayTest } from "./support/http-gateway.js";

/**
 * POST /api/v1/ussd and /api/v1/balance/check: MQTT's `ussd` and `balance/check` requests over
 * HTTP, against the real gateway and the simulated modem's network.
 */

let t: HttpGatewayTest | undefined;
afterEach(async () => {
  await t?.h.dispose();
  t = undefined;
});

async function start(
  config: ConfigInput = {},
  more: Omit<GatewayTestOptions, "config"> = {},
): Promise<{ t: HttpGatewayTest; ussd: string }> {
  t = await startHttpGatewayTest(config, more);
  const ussd = (await new TokenStore(t.h.config.store.dir).create("dialler", ["ussd"])).token;
  return { t, ussd };
}

describe("POST /api/v1/ussd", () => {
  it("answers 200 with the network's text", async () => {
    const { t, ussd } = await start();
    const res = await t.call("POST", "/api/v1/ussd", { token: ussd, body: { code: "*100#" } });
    expect([res.statusCode, res.json()]).toEqual([
      200,
      { status: "done", text: "Balance: 12.34 EUR", dcs: 15, sessionOpen: false },
    ]);
  });

  it("walks a menu: a reply answers the open one", async () => {
    const { t, ussd } = await start();
    await t.call("POST", "/api/v1/ussd", { token: ussd, body: { code: "*101#" } });
    const res = await t.call("POST", "/api/v1/ussd", {
      token: ussd,
      body: { session: "reply", text: "1" },
    });
    expect(res.json()).toMatchObject({ status: "done", text: "Balance: 12.34 EUR" });
  });

  it("answers 409 ussd.busy while another dialogue is open", async () => {
    const { t, ussd } = await start();
    await t.call("POST", "/api/v1/ussd", { token: ussd, body: { code: "*101#" } });
    const res = await t.call("POST", "/api/v1/ussd", { token: ussd, body: { code: "*100#" } });
    expect([res.statusCode, res.json().code]).toEqual([409, "ussd.busy"]);
  });

  it("answers 409 ussd.busy while another request waits for the network", async () => {
    const { t, ussd } = await start({}, { sim: { ussd: { "*100#": { noReply: true } } } });
    const first = t.call("POST", "/api/v1/ussd", {
      token: ussd,
      body: { code: "*100#", timeoutSeconds: 60 },
    });
    await expect.poll(() => t.h.sim.commands).toContain('AT+CUSD=1,"*100#",15');
    const second = await t.call("POST", "/api/v1/ussd", { token: ussd, body: { code: "*101#" } });
    await t.call("POST", "/api/v1/ussd", { token: ussd, body: { session: "cancel" } });
    await first;
    expect([second.statusCode, second.json().code]).toEqual([409, "ussd.busy"]);
  });

  it("answers 504 with status timeout when the network does not answer in time", async () => {
    // The simulator never answers this code: the outcome does not depend on how fast we are.
    const { t, ussd } = await start({}, { sim: { ussd: { "*100#": { noReply: true } } } });
    const res = await t.call("POST", "/api/v1/ussd", {
      token: ussd,
      body: { code: "*100#", timeoutSeconds: 0.2 },
    });
    expect([res.statusCode, res.json()]).toEqual([
      504,
      { status: "timeout", text: "", sessionOpen: false },
    ]);
  });

  it("answers 503 ussd.not-ready while the modem has no network", async () => {
    const { t, ussd } = await start();
    t.h.sim.dropRegistration();
    await expect.poll(() => t.h.gateway.modem.state, { timeout: 10_000 }).not.toBe("ready");
    const res = await t.call("POST", "/api/v1/ussd", { token: ussd, body: { code: "*100#" } });
    expect([res.statusCode, res.json().code]).toEqual([503, "ussd.not-ready"]);
  });

  it("answers 400 naming the field for a new dialogue without a code", async () => {
    const { t, ussd } = await start();
    const res = await t.call("POST", "/api/v1/ussd", { token: ussd, body: { session: "new" } });
    expect([res.statusCode, res.json().code]).toEqual([400, "mqtt.invalid-request"]);
  });

  it("answers 409 ussd.no-session for a reply with no menu open", async () => {
    const { t, ussd } = await start();
    const res = await t.call("POST", "/api/v1/ussd", {
      token: ussd,
      body: { session: "reply", text: "1" },
    });
    expect([res.statusCode, res.json().code]).toEqual([409, "ussd.no-session"]);
  });

  it("answers 501 ussd.unavailable when ussd.enabled is false", async () => {
    const { t, ussd } = await start({ ussd: { enabled: false } });
    const res = await t.call("POST", "/api/v1/ussd", { token: ussd, body: { code: "*100#" } });
    expect([res.statusCode, res.json().code]).toEqual([501, "ussd.unavailable"]);
  });

  it("needs the ussd scope: a token that may send SMS gets 403", async () => {
    const { t } = await start();
    const res = await t.call("POST", "/api/v1/ussd", {
      token: t.tokens.send,
      body: { code: "*100#" },
    });
    expect([res.statusCode, res.json().code]).toEqual([403, "http.forbidden"]);
  });

  it("is open to an admin token", async () => {
    const { t } = await start();
    const res = await t.call("POST", "/api/v1/ussd", {
      token: t.tokens.admin,
      body: { code: "*100#" },
    });
    expect(res.statusCode).toBe(200);
  });
});

describe("POST /api/v1/balance/check", () => {
  it("answers 200 with the amount read from the network's answer", async () => {
    const { t, ussd } = await start({ balance: { code: "*100#" } });
    const res = await t.call("POST", "/api/v1/balance/check", { token: ussd });
    expect([res.statusCode, res.json()]).toEqual([
      200,
      {
        balance: expect.objectContaining({ amount: 12.34, currency: "EUR", source: "ussd" }),
      },
    ]);
  });

  it("answers 501 ussd.unavailable when no balance is configured", async () => {
    const { t, ussd } = await start();
    const res = await t.call("POST", "/api/v1/balance/check", { token: ussd, body: {} });
    expect([res.statusCode, res.json().code]).toEqual([501, "ussd.unavailable"]);
  });
});
