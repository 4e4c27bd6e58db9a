import { afterEach, describe, expect, it } from "vitest";
import type { ConfigInput } from "../../src/config/index.js";
import { type HttpGatewayTest, startHttpGatewayTest } from "./support/http-gateway.js";

/** GET /api/v1/balance: the balance check as configured (read-only) and the last reading. */

let t: HttpGatewayTest | undefined;
afterEach(async () => {
  await t?.h.dispose();
  t = undefined;
});

async function start(config: ConfigInput = {}): Promise<HttpGatewayTest> {
  t = await startHttpGatewayTest(config);
  return t;
}

interface View {
  settings: { code?: string; cron?: string; lowBelow?: number; alertTo?: string[] } | null;
  balance: { amount: number; currency: string | null } | null;
}

const BALANCE = {
  code: "*100#",
  cron: "0 8 * * *",
  currency: "EUR",
  lowBelow: 5,
  alertTo: ["+491701112233"],
};

describe("GET /api/v1/balance", () => {
  it("shows the balance section as configured", async () => {
    const t = await start({ balance: BALANCE });
    const r = await t.call("GET", "/api/v1/balance", { token: t.tokens.admin });
    expect((r.json() as View).settings).toMatchObject(BALANCE);
  });

  it("has no balance until the first reading", async () => {
    const t = await start({ balance: BALANCE });
    const r = await t.call("GET", "/api/v1/balance", { token: t.tokens.admin });
    expect((r.json() as View).balance).toBeNull();
  });

  it("shows the last balance read", async () => {
    const t = await start({ balance: BALANCE });
    await t.call("POST", "/api/v1/balance/check", { token: t.tokens.admin });
    const r = await t.call("GET", "/api/v1/balance", { token: t.tokens.admin });
    expect((r.json() as View).balance).toMatchObject({ amount: 12.34, currency: "EUR" });
  });

  it("answers settings null without a balance section", async () => {
    const t = await start();
    const r = await t.call("GET", "/api/v1/balance", { token: t.tokens.admin });
    expect([r.statusCode, r.json()]).toEqual([200, { settings: null, balance: null }]);
  });

  it("is for admins only: a messages:read token gets 403", async () => {
    const t = await start({ balance: BALANCE });
    const r = await t.call("GET", "/api/v1/balance", { token: t.tokens.read });
    expect(r.statusCode).toBe(403);
  });
});
