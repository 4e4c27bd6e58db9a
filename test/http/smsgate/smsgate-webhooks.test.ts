import { readdir } from "node:fs/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { WebhookRegistry } from "../../../src/webhooks/registry.js";
import { type SmsgateTest, startSmsgateTest } from "./support.js";

/**
 * SMSGate's /webhooks: registrations kept in the store directory, durable before the answer.
 * They are webhooks of format smsgate in the gateway's registry (called when events happen).
 */

let t: SmsgateTest;
beforeAll(async () => {
  t = await startSmsgateTest();
});
afterAll(async () => {
  await t.h.dispose();
});

const hook = { url: "https://example.com/sms", event: "sms:received" };

describe("SMSGate webhook registrations", () => {
  it("GET /webhooks is an empty list at first", async () => {
    const r = await t.call("GET", "/webhooks");
    expect(r.statusCode).toBe(200);
    expect(r.json()).toEqual([]);
  });

  it("POST /webhooks answers 201 with the registration and a new id", async () => {
    const r = await t.call("POST", "/webhooks", { body: hook });
    expect(r.statusCode).toBe(201);
    expect(r.json()).toEqual({ ...hook, id: r.json().id, deviceId: "smsgw" });
    expect(r.json().id).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("the same id again replaces the registration (one per id)", async () => {
    await t.call("POST", "/3rdparty/v1/webhooks", { body: { ...hook, id: "mine" } });
    const r = await t.call("POST", "/webhooks", {
      body: { id: "mine", url: "http://192.168.1.5:8123/api/webhook/x", event: "sms:delivered" },
    });
    expect(r.statusCode).toBe(201);
    const list = (await t.call("GET", "/webhooks")).json() as Array<{ id: string; event: string }>;
    expect(list.filter((h) => h.id === "mine")).toEqual([
      {
        id: "mine",
        url: "http://192.168.1.5:8123/api/webhook/x",
        event: "sms:delivered",
        deviceId: "smsgw",
      },
    ]);
    expect(list).toHaveLength(2);
  });

  it("the registrations are on disk when the answer comes: a reopened store has them", async () => {
    const files = await readdir(t.h.config.store.dir);
    expect(files.some((f) => f.startsWith("webhooks.json"))).toBe(true);
    await t.h.gateway.stop();
    const again = await WebhookRegistry.open(t.h.config.store.dir, []);
    try {
      const smsgate = again.list().filter((h) => h.source === "smsgate");
      expect(smsgate.map((h) => h.id)).toContain("mine");
      expect(smsgate).toHaveLength(2);
    } finally {
      await again.close();
    }
  });
});

describe("SMSGate webhook requests refused", () => {
  let u: SmsgateTest;
  beforeAll(async () => {
    u = await startSmsgateTest();
  });
  afterAll(async () => {
    await u.h.dispose();
  });

  it("an unknown event answers 400 naming event", async () => {
    const r = await u.call("POST", "/webhooks", { body: { ...hook, event: "sms:eaten" } });
    expect(r.statusCode).toBe(400);
    expect(r.json().data.fields.map((f: { field: string }) => f.field)).toEqual(["event"]);
  });

  it("a URL that is not http(s) answers 400 naming url", async () => {
    const r = await u.call("POST", "/webhooks", { body: { ...hook, url: "file:///etc/passwd" } });
    expect(r.statusCode).toBe(400);
    expect(r.json().data.fields[0].field).toBe("url");
  });

  it("DELETE /webhooks/{id} answers 204 and the registration is gone", async () => {
    const id = (await u.call("POST", "/webhooks", { body: hook })).json().id as string;
    const r = await u.call("DELETE", `/webhooks/${id}`);
    expect(r.statusCode).toBe(204);
    expect(r.body).toBe("");
    expect((await u.call("GET", "/webhooks")).json()).toEqual([]);
  });

  it("DELETE of an unknown id answers 204 too, as SMSGate does", async () => {
    expect((await u.call("DELETE", "/3rdparty/v1/webhooks/never")).statusCode).toBe(204);
  });

  it("the webhook routes need the Basic credentials", async () => {
    expect((await u.call("GET", "/webhooks", { authorization: null })).statusCode).toBe(401);
  });
});
