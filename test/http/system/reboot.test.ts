import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { hostReboot } from "../../../src/cli/host-reboot.js";
import { type HttpGatewayTest, startHttpGatewayTest } from "../support/http-gateway.js";
import { uiLogin } from "./ui-login.js";

/** POST /api/v1/system/reboot: the host's reboot, only where the gateway was given one. */

describe("a gateway not run by systemd", () => {
  let t: HttpGatewayTest;
  beforeAll(async () => {
    t = await startHttpGatewayTest();
  });
  afterAll(async () => {
    await t.h.dispose();
  });

  it("refuses to reboot with 409 http.reboot-unavailable", async () => {
    const r = await t.call("POST", "/api/v1/system/reboot", { token: t.tokens.admin });
    expect(r.statusCode).toBe(409);
    expect(r.json()).toMatchObject({ code: "http.reboot-unavailable" });
  });
});

describe("a gateway given a reboot", () => {
  let t: HttpGatewayTest;
  const reboot = vi.fn(async () => {});
  beforeAll(async () => {
    t = await startHttpGatewayTest({}, { reboot });
  });
  afterAll(async () => {
    await t.h.dispose();
  });

  it("is for admins only: a messages:send token gets 403, nothing runs", async () => {
    const r = await t.call("POST", "/api/v1/system/reboot", { token: t.tokens.send });
    expect(r.statusCode).toBe(403);
    expect(reboot).not.toHaveBeenCalled();
  });

  it("needs a token: 401 without", async () => {
    expect((await t.call("POST", "/api/v1/system/reboot")).statusCode).toBe(401);
  });

  it("refuses the web UI's cookie without the CSRF header (403 http.csrf)", async () => {
    const { cookie } = await uiLogin(t);
    const r = await t.call("POST", "/api/v1/system/reboot", { headers: { cookie } });
    expect(r.json()).toMatchObject({ code: "http.csrf" });
    expect(reboot).not.toHaveBeenCalled();
  });

  it("answers 202 and then reboots once", async () => {
    const r = await t.call("POST", "/api/v1/system/reboot", { token: t.tokens.admin });
    expect(r.statusCode).toBe(202);
    await vi.waitFor(() => expect(reboot).toHaveBeenCalledTimes(1));
  });
});

describe("hostReboot", () => {
  it("offers none outside a systemd unit (no INVOCATION_ID)", () => {
    expect(hostReboot({})).toBeUndefined();
  });

  it("runs `systemctl reboot` inside a systemd unit", async () => {
    const run = vi.fn(async () => {});
    await hostReboot({ INVOCATION_ID: "abc" }, run)?.();
    expect(run).toHaveBeenCalledWith("systemctl", ["reboot"]);
  });
});
