import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type HttpGatewayTest, startHttpGatewayTest } from "../support/http-gateway.js";

/** GET /api/v1/doctor: `smsgw doctor`'s report for the running gateway, without the port. */

interface Report {
  ok: boolean;
  port: string;
  responding: boolean;
  baud: { probed: boolean };
  problems: Array<{ id: string }>;
  skipped: Array<{ check: string; reason: string }>;
  gateway: {
    modem: { state: string; info: { imei?: string } };
    health: { checks: Record<string, { status: string }> };
  };
}

let t: HttpGatewayTest;
let report: Report;
beforeAll(async () => {
  t = await startHttpGatewayTest();
  const r = await t.call("GET", "/api/v1/doctor", { token: t.tokens.admin });
  expect(r.statusCode).toBe(200);
  report = r.json() as Report;
});
afterAll(async () => {
  await t.h.dispose();
});

describe("GET /api/v1/doctor", () => {
  it("finds no problem with a ready modem and a writable store", () => {
    expect(report).toMatchObject({ ok: true, problems: [] });
  });

  it("shows the modem's state as the running gateway knows it", () => {
    expect(report.gateway.modem.state).toBe("ready");
    expect(report.responding).toBe(true);
  });

  it("masks the IMEI as the doctor does", () => {
    expect(report.gateway.modem.info.imei).toMatch(/^\d{4}…\d{4}$/);
  });

  it("includes the health document, with the store directory writable", () => {
    expect(report.gateway.health.checks["store:writable"]?.status).toBe("pass");
  });

  it("says which of the doctor's checks it skipped, and why", () => {
    expect(report.skipped.map((s) => s.check)).toEqual(["baud-probe", "modem-report", "host"]);
    expect(report.skipped[0]?.reason).toContain("holds the modem's port");
    expect(report.baud.probed).toBe(false);
  });

  it("reports a modem that is not ready as a problem", async () => {
    t.h.sim.removeSim();
    t.h.gateway.modem.restart();
    await expect.poll(() => t.h.gateway.modem.state, { timeout: 10_000 }).not.toBe("ready");
    const r = (await t.call("GET", "/api/v1/doctor", { token: t.tokens.admin })).json() as Report;
    expect(r.ok).toBe(false);
    expect(r.problems.map((p) => p.id)).toContain("gateway-modem-not-ready");
  });

  it("is for admins only: a messages:read token gets 403", async () => {
    const r = await t.call("GET", "/api/v1/doctor", { token: t.tokens.read });
    expect(r.statusCode).toBe(403);
  });

  it("needs a token: 401 without", async () => {
    expect((await t.call("GET", "/api/v1/doctor")).statusCode).toBe(401);
  });
});
