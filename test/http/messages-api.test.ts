import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type HttpGatewayTest, startHttpGatewayTest } from "./support/http-gateway.js";

/** POST/GET/DELETE /api/v1/messages against the real gateway, in process (`inject()`). */

let t: HttpGatewayTest;
beforeAll(async () => {
  t = await startHttpGatewayTest({ sms: { maxParts: 2 }, http: { maxBodyBytes: 4096 } });
});
afterAll(async () => {
  await t.h.dispose();
});

const LATER = "2099-01-01T00:00:00Z";
const post = (body: unknown, token = t.tokens.send) =>
  t.call("POST", "/api/v1/messages", { token, body });

describe("POST /api/v1/messages", () => {
  it("answers 202 with Location and bridge/response/send's data once the message is queued", async () => {
    const r = await post({ to: "+491701234567", text: "hello", id: "h-1", notBefore: LATER });
    expect(r.statusCode).toBe(202);
    expect(r.headers.location).toBe("/api/v1/messages/h-1");
    expect(r.json()).toEqual({
      id: "h-1",
      to: "+491701234567",
      parts: 1,
      encoding: "gsm7",
      status: "queued",
      deliveryReport: false,
    });
  });

  it("the message is durable when the 202 comes: the service has it", () => {
    expect(t.h.gateway.service.get("h-1")).toMatchObject({ status: "queued", text: "hello" });
  });

  it("the same id and body again answers 200 with the existing message, queuing nothing new", async () => {
    const before = t.h.gateway.service.list().length;
    const r = await post({ to: "+491701234567", text: "hello", id: "h-1", notBefore: LATER });
    expect(r.statusCode).toBe(200);
    expect(r.json()).toMatchObject({ id: "h-1", status: "queued" });
    expect(t.h.gateway.service.list()).toHaveLength(before);
  });

  it("the same id with another text answers 409", async () => {
    const r = await post({ to: "+491701234567", text: "other", id: "h-1", notBefore: LATER });
    expect(r.statusCode).toBe(409);
    expect(r.json()).toMatchObject({ status: "error", code: "http.id-conflict" });
  });

  it("the same id to another number answers 409", async () => {
    const r = await post({ to: "+491709999999", text: "hello", id: "h-1", notBefore: LATER });
    expect(r.statusCode).toBe(409);
  });

  it("a list of numbers answers 202 with one message per number", async () => {
    const r = await post({
      to: ["+491701111111", "+491702222222"],
      text: "both",
      id: "h-list",
      notBefore: LATER,
    });
    expect(r.statusCode).toBe(202);
    expect(r.json()).toMatchObject({
      messages: [
        { id: "h-list:+491701111111", status: "queued" },
        { id: "h-list:+491702222222", status: "queued" },
      ],
    });
  });

  it("wrong types answer 400 naming every bad field", async () => {
    const r = await post({ to: 4917, text: ["x"], flash: "yes", colour: "red" });
    expect(r.statusCode).toBe(400);
    const body = r.json() as { code: string; fields: Array<{ field: string }> };
    expect(body.code).toBe("mqtt.invalid-request");
    expect(body.fields.map((f) => f.field).sort()).toEqual(["colour", "flash", "text", "to"]);
  });

  it("an invalid number answers 400 with the SMS service's code and the field `to`", async () => {
    const r = await post({ to: "+49abc", text: "hi" });
    expect(r.statusCode).toBe(400);
    expect(r.json()).toMatchObject({
      code: "sms.invalid-number",
      fields: [{ field: "to" }],
    });
  });

  it("a body that is not JSON answers 400 http.invalid-json", async () => {
    const r = await t.call("POST", "/api/v1/messages", { token: t.tokens.send, body: "{to: oops" });
    expect(r.statusCode).toBe(400);
    expect(r.json()).toMatchObject({ status: "error", code: "http.invalid-json" });
  });

  it("a JSON array answers 400: a send request is an object", async () => {
    const r = await post([{ to: "+491701234567", text: "x" }]);
    expect(r.statusCode).toBe(400);
    expect(r.json()).toMatchObject({ code: "mqtt.invalid-request" });
  });

  it("a body that is not JSON by its content type answers 415", async () => {
    const r = await t.call("POST", "/api/v1/messages", {
      token: t.tokens.send,
      body: "to=1&text=x",
      headers: { "content-type": "application/x-www-form-urlencoded" },
    });
    expect(r.statusCode).toBe(415);
    expect(r.json()).toMatchObject({ code: "http.unsupported-media-type" });
  });

  it("a body over http.maxBodyBytes answers 413", async () => {
    const r = await post({ to: "+491701234567", text: "x".repeat(5000) });
    expect(r.statusCode).toBe(413);
    expect(r.json()).toMatchObject({ code: "http.payload-too-large" });
  });

  it("a text of more parts than sms.maxParts answers 413 sms.too-many-parts", async () => {
    const r = await post({ to: "+491701234567", text: "y".repeat(400) });
    expect(r.statusCode).toBe(413);
    expect(r.json()).toMatchObject({ code: "sms.too-many-parts", fields: [{ field: "text" }] });
  });

  it("a token with only messages:read answers 403", async () => {
    const r = await post({ to: "+491701234567", text: "x" }, t.tokens.read);
    expect(r.statusCode).toBe(403);
    expect(r.json()).toMatchObject({ code: "http.forbidden" });
  });

  it("no token answers 401 with WWW-Authenticate", async () => {
    const r = await t.call("POST", "/api/v1/messages", {
      body: { to: "+491701234567", text: "x" },
    });
    expect(r.statusCode).toBe(401);
    expect(r.headers["www-authenticate"]).toBe('Bearer realm="smsgw"');
    expect(r.json()).toMatchObject({ code: "http.unauthorized" });
  });

  it("an unknown token answers 401", async () => {
    const r = await post(
      { to: "+491701234567", text: "x" },
      `smsgw_000000000000_${"A".repeat(43)}`,
    );
    expect(r.statusCode).toBe(401);
  });
});

describe("GET /api/v1/messages/{id}", () => {
  it("answers the state without the text for a messages:read token", async () => {
    const r = await t.call("GET", "/api/v1/messages/h-1", { token: t.tokens.read });
    expect(r.statusCode).toBe(200);
    const body = r.json() as Record<string, unknown>;
    expect(body).toMatchObject({
      id: "h-1",
      to: "+491701234567",
      status: "queued",
      parts: 1,
      partsSent: 0,
      encoding: "gsm7",
      priority: "normal",
    });
    expect(typeof body.createdAt).toBe("string");
    expect(body.text).toBeUndefined();
  });

  it("answers the text too for an admin token", async () => {
    const r = await t.call("GET", "/api/v1/messages/h-1", { token: t.tokens.admin });
    expect(r.json()).toMatchObject({ id: "h-1", text: "hello" });
  });

  it("an unknown id answers 404 sms.not-found", async () => {
    const r = await t.call("GET", "/api/v1/messages/nope", { token: t.tokens.read });
    expect(r.statusCode).toBe(404);
    expect(r.json()).toMatchObject({ code: "sms.not-found" });
  });

  it("a message queued over MQTT looks unknown without admin, and is shown to admin", async () => {
    await t.h.gateway.service.send({
      to: "+491703333333",
      text: "from mqtt",
      id: "m-1",
      notBefore: LATER,
      origin: "mqtt",
    });
    const reader = await t.call("GET", "/api/v1/messages/m-1", { token: t.tokens.read });
    expect(reader.statusCode).toBe(404);
    const admin = await t.call("GET", "/api/v1/messages/m-1", { token: t.tokens.admin });
    expect(admin.statusCode).toBe(200);
  });

  it("an id with a slash and a colon is found when URL-encoded", async () => {
    const r = await t.call(
      "GET",
      `/api/v1/messages/${encodeURIComponent("h-list:+491701111111")}`,
      {
        token: t.tokens.read,
      },
    );
    expect(r.statusCode).toBe(200);
    expect(r.json()).toMatchObject({ to: "+491701111111" });
  });
});

describe("DELETE /api/v1/messages/{id}", () => {
  it("cancels a queued message and answers with its final status", async () => {
    await post({ to: "+491701234567", text: "cancel me", id: "h-2", notBefore: LATER });
    const r = await t.call("DELETE", "/api/v1/messages/h-2", { token: t.tokens.send });
    expect(r.statusCode).toBe(200);
    expect(r.json()).toMatchObject({ id: "h-2", status: "cancelled" });
  });

  it("cancelling it again answers 200 with the same final status (a retried DELETE)", async () => {
    const r = await t.call("DELETE", "/api/v1/messages/h-2", { token: t.tokens.send });
    expect(r.statusCode).toBe(200);
    expect(r.json()).toMatchObject({ id: "h-2", status: "cancelled" });
  });

  it("an unknown id answers 404", async () => {
    const r = await t.call("DELETE", "/api/v1/messages/nope", { token: t.tokens.send });
    expect(r.statusCode).toBe(404);
  });

  it("a messages:read token may not cancel (403)", async () => {
    const r = await t.call("DELETE", "/api/v1/messages/h-1", { token: t.tokens.read });
    expect(r.statusCode).toBe(403);
  });
});

describe("GET /api/v1/modem", () => {
  it("answers <base>/modem's payload", async () => {
    const r = await t.call("GET", "/api/v1/modem", { token: t.tokens.read });
    expect(r.statusCode).toBe(200);
    expect(r.json()).toMatchObject({
      state: "ready",
      available: true,
      reason: t.h.gateway.modem.reason,
      operator: expect.any(String),
    });
  });
});

describe("an unknown route", () => {
  it("answers 404 http.not-found with a JSON body", async () => {
    const r = await t.call("GET", "/api/v1/nothing", { token: t.tokens.read });
    expect(r.statusCode).toBe(404);
    expect(r.json()).toMatchObject({ code: "http.not-found" });
  });
});
