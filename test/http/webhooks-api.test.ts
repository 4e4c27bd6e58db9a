import { createHmac } from "node:crypto";
import { Webhook as StandardWebhook } from "standardwebhooks";
import { afterEach, describe, expect, it } from "vitest";
import type { ConfigInput } from "../../src/config/index.js";
import { TokenStore } from "../../src/http/tokens.js";
import { type Received, startReceiver, until } from "../support/webhook-receiver.js";
import { startSmsgateTest } from "./smsgate/support.js";
import { startHttpGatewayTest } from "./support/http-gateway.js";

const SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of closers.splice(0).reverse()) await c();
});

async function setup(config: (receiverUrl: string) => ConfigInput = () => ({})) {
  const r = await startReceiver();
  const t = await startHttpGatewayTest(config(r.url));
  closers.push(r.close, () => t.h.dispose());
  const hooks = (await new TokenStore(t.h.config.store.dir).create("hooks", ["webhooks:write"]))
    .token;
  return { r, t, hooks };
}

const headersOf = (q: Received) =>
  Object.fromEntries(Object.entries(q.headers).map(([k, v]) => [k, String(v)]));

describe("/api/v1/webhooks", () => {
  it("POST makes a native webhook and answers its new secret once", async () => {
    const { r, t, hooks } = await setup();
    const res = await t.call("POST", "/api/v1/webhooks", {
      token: hooks,
      body: { id: "app", url: r.url, events: ["sms.received"] },
    });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ id: "app", source: "api", signed: true, enabled: true });
    expect(res.json().secret).toMatch(/^whsec_/);
  });

  it("a webhook made through the API is called, signed with the secret it was given", async () => {
    const { r, t, hooks } = await setup();
    await t.call("POST", "/api/v1/webhooks", {
      token: hooks,
      body: { id: "app", url: r.url, events: ["sms.received"], secret: SECRET },
    });
    t.h.sim.deliverSms({ from: "+491701234567", text: "via API" });
    await r.waitFor(1);
    const q = r.requests[0] as Received;
    expect(new StandardWebhook(SECRET).verify(q.body, headersOf(q))).toMatchObject({
      type: "sms.received",
      data: { text: "via API" },
    });
  });

  it("GET lists config-file webhooks too, without their secrets or header values", async () => {
    const { r, t, hooks } = await setup((url) => ({
      webhooks: {
        endpoints: [
          {
            id: "cfg",
            url,
            events: ["*"],
            secret: SECRET,
            headers: { authorization: "Bearer x" },
          },
        ],
      },
    }));
    const res = await t.call("GET", "/api/v1/webhooks", { token: hooks });
    expect(res.json()).toEqual([
      {
        id: "cfg",
        url: r.url,
        events: ["*"],
        format: "native",
        headers: { authorization: "***" },
        allowHttp: false,
        enabled: true,
        source: "config",
        signed: true,
        pending: expect.any(Number),
      },
    ]);
    expect(res.body).not.toContain(SECRET);
  });

  it("POST …/test sends a webhook.test event and the attempt shows in …/deliveries", async () => {
    const { r, t, hooks } = await setup();
    await t.call("POST", "/api/v1/webhooks", {
      token: hooks,
      body: { id: "app", url: r.url, events: ["sms.received"] },
    });
    const test = await t.call("POST", "/api/v1/webhooks/app/test", { token: hooks });
    expect(test.statusCode).toBe(202);
    await r.waitFor(1);
    expect(JSON.parse(r.requests[0]?.body ?? "")).toMatchObject({
      type: "webhook.test",
      id: test.json().eventId,
    });
    await until(
      () => t.h.gateway.webhooks?.engine.attemptsOf("app").length === 1,
      "the attempt recorded",
    );
    const d = await t.call("GET", "/api/v1/webhooks/app/deliveries", { token: hooks });
    expect(d.json()).toMatchObject({
      attempts: [{ eventId: test.json().eventId, result: "delivered", status: 200, attempt: 1 }],
      pending: 0,
    });
  });

  it("a config-file webhook cannot be deleted (409), but can be switched off and on", async () => {
    const { t, hooks } = await setup((url) => ({
      webhooks: { endpoints: [{ id: "cfg", url, events: ["*"] }] },
    }));
    expect((await t.call("DELETE", "/api/v1/webhooks/cfg", { token: hooks })).statusCode).toBe(409);
    const off = await t.call("PATCH", "/api/v1/webhooks/cfg", {
      token: hooks,
      body: { enabled: false },
    });
    expect(off.json()).toMatchObject({
      enabled: false,
      disabledReason: "switched off through the API",
    });
    const on = await t.call("PATCH", "/api/v1/webhooks/cfg", {
      token: hooks,
      body: { enabled: true },
    });
    expect(on.json().enabled).toBe(true);
  });

  it("DELETE removes an API-made webhook", async () => {
    const { r, t, hooks } = await setup();
    await t.call("POST", "/api/v1/webhooks", {
      token: hooks,
      body: { id: "app", url: r.url, events: ["*"] },
    });
    expect((await t.call("DELETE", "/api/v1/webhooks/app", { token: hooks })).statusCode).toBe(204);
    expect((await t.call("GET", "/api/v1/webhooks/app", { token: hooks })).statusCode).toBe(404);
  });

  it("refuses plain http:// to another host without allowHttp, naming url", async () => {
    const { t, hooks } = await setup();
    const res = await t.call("POST", "/api/v1/webhooks", {
      token: hooks,
      body: { url: "http://192.168.1.9/x", events: ["*"] },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().fields).toEqual([
      {
        field: "url",
        message: "plain http:// is allowed only with allowHttp: true (or to the gateway itself)",
      },
    ]);
  });

  it("refuses a CA file from the network", async () => {
    const { t, hooks } = await setup();
    const res = await t.call("POST", "/api/v1/webhooks", {
      token: hooks,
      body: { url: "https://x.org/", events: ["*"], caFile: "/etc/shadow" },
    });
    expect([res.statusCode, res.json().fields]).toEqual([
      400,
      [{ field: "caFile", message: "set a CA file in the config file only" }],
    ]);
  });

  it("needs the webhooks:write scope", async () => {
    const { t } = await setup();
    const res = await t.call("GET", "/api/v1/webhooks", { token: t.tokens.send });
    expect(res.statusCode).toBe(403);
  });
});

describe("SMSGate's /webhooks registrations are called", () => {
  it("an sms:received registration gets SMSGate's envelope signed with the signing key", async () => {
    const r = await startReceiver();
    const t = await startSmsgateTest({ webhooks: { smsgateSigningKey: "device-signing-key" } });
    closers.push(r.close, () => t.h.dispose());
    const reg = await t.call("POST", "/webhooks", { body: { url: r.url, event: "sms:received" } });
    t.h.sim.deliverSms({ from: "+491701234567", text: "für SMSGate" });
    await r.waitFor(1);
    const q = r.requests[0] as Received;
    const signature = createHmac("sha256", "device-signing-key")
      .update(q.body + String(q.headers["x-timestamp"]))
      .digest("hex");
    expect(q.headers["x-signature"]).toBe(signature);
    expect(JSON.parse(q.body)).toMatchObject({
      deviceId: "smsgw",
      event: "sms:received",
      webhookId: reg.json().id,
      payload: { message: "für SMSGate", phoneNumber: "+491701234567" },
    });
  });
});
