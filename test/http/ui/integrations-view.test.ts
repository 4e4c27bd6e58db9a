import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type HttpGatewayTest, startHttpGatewayTest } from "../support/http-gateway.js";

/** GET /api/v1/integrations: the Kannel users and SMSGate's user, for the web UI, no passwords. */

const KANNEL_PASSWORD = "kannel-secret-pw-1";
const SMSGATE_PASSWORD = "smsgate-secret-pw-1";

let t: HttpGatewayTest;
beforeAll(async () => {
  t = await startHttpGatewayTest({
    http: {
      kannel: {
        users: [
          {
            username: "shop",
            password: KANNEL_PASSWORD,
            allowedPrefixes: ["+49"],
            defaultSender: "Shop",
            maxMessages: 3,
          },
        ],
      },
      smsgate: { username: "sms", password: SMSGATE_PASSWORD },
    },
  });
});
afterAll(async () => {
  await t.h.dispose();
});

describe("GET /api/v1/integrations", () => {
  it("lists each Kannel user with its prefixes, default sender and most SMS", async () => {
    const r = await t.call("GET", "/api/v1/integrations", { token: t.tokens.admin });
    expect(r.statusCode).toBe(200);
    expect((r.json() as { kannel: unknown }).kannel).toEqual({
      users: [
        { username: "shop", allowedPrefixes: ["+49"], defaultSender: "Shop", maxMessages: 3 },
      ],
    });
  });

  it("says SMSGate compatibility is on, with its user name", async () => {
    const r = await t.call("GET", "/api/v1/integrations", { token: t.tokens.admin });
    expect((r.json() as { smsgate: unknown }).smsgate).toEqual({ enabled: true, username: "sms" });
  });

  it("never holds a password", async () => {
    const r = await t.call("GET", "/api/v1/integrations", { token: t.tokens.admin });
    expect(r.body).not.toContain(KANNEL_PASSWORD);
    expect(r.body).not.toContain(SMSGATE_PASSWORD);
    expect(r.body).not.toContain("password");
  });

  it("is for admins only: a messages:read token gets 403", async () => {
    const r = await t.call("GET", "/api/v1/integrations", { token: t.tokens.read });
    expect(r.statusCode).toBe(403);
  });
});

describe("GET /api/v1/integrations on a gateway without them", () => {
  let bare: HttpGatewayTest;
  beforeAll(async () => {
    bare = await startHttpGatewayTest();
  });
  afterAll(async () => {
    await bare.h.dispose();
  });

  it("answers no Kannel users and SMSGate off", async () => {
    const r = await bare.call("GET", "/api/v1/integrations", { token: bare.tokens.admin });
    expect(r.json()).toEqual({ kannel: { users: [] }, smsgate: { enabled: false } });
  });
});
