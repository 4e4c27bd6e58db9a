import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type HttpGatewayTest, startHttpGatewayTest } from "../support/http-gateway.js";
import { uiLogin } from "./ui-login.js";

/** POST /api/v1/modem/restart: the module reset through the lifecycle, back to ready after. */

let t: HttpGatewayTest;
beforeAll(async () => {
  t = await startHttpGatewayTest();
});
afterAll(async () => {
  await t.h.dispose();
});

describe("POST /api/v1/modem/restart", () => {
  it("answers 202 with the modem restarting", async () => {
    const r = await t.call("POST", "/api/v1/modem/restart", { token: t.tokens.admin });
    expect(r.statusCode).toBe(202);
    expect(r.json()).toMatchObject({ state: "recovering", reason: "restart-requested" });
  });

  it("resets the module with AT+CFUN=1,1", async () => {
    expect(t.h.sim.commands).toContain("AT+CFUN=1,1");
  });

  it("brings the modem back to ready", async () => {
    await t.h.gateway.modem.whenReady();
    expect(t.h.gateway.modem.state).toBe("ready");
  });

  it("counts the restart as a module reset", () => {
    expect(t.h.gateway.modem.stats.resets["cfun-reset"]).toBe(1);
  });

  it("is for admins only: a messages:send token gets 403", async () => {
    const r = await t.call("POST", "/api/v1/modem/restart", { token: t.tokens.send });
    expect(r.statusCode).toBe(403);
  });

  it("needs a token: 401 without", async () => {
    expect((await t.call("POST", "/api/v1/modem/restart")).statusCode).toBe(401);
  });

  it("refuses the web UI's cookie without the CSRF header (403 http.csrf)", async () => {
    const { cookie } = await uiLogin(t);
    const r = await t.call("POST", "/api/v1/modem/restart", { headers: { cookie } });
    expect(r.statusCode).toBe(403);
    expect(r.json()).toMatchObject({ code: "http.csrf" });
  });
});
