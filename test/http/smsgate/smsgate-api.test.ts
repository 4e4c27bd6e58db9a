import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TokenStore } from "../../../src/http/tokens.js";
import { type SmsgateTest, startSmsgateTest } from "./support.js";

/**
 * SMSGate's (android-sms-gateway) local-server API against the real gateway, in process
 * (`inject()`): the same routes at the root and under /3rdparty/v1, its bodies and state names.
 */

let t: SmsgateTest;
beforeAll(async () => {
  t = await startSmsgateTest({}, { autoDeliveryReport: true });
});
afterAll(async () => {
  await t.h.dispose();
});

const LATER = "2099-01-01T00:00:00Z";

describe.each(["", "/3rdparty/v1"])("SMSGate send and state at '%s'", (prefix) => {
  const id = `sg${prefix.length}`;

  it("POST /message answers 202, Location and SMSGate's message document with state Pending", async () => {
    const r = await t.call("POST", `${prefix}/message`, {
      body: {
        id,
        textMessage: { text: "hello" },
        phoneNumbers: ["+491701234567"],
        scheduleAt: LATER,
      },
    });
    expect(r.statusCode).toBe(202);
    expect(r.headers.location).toBe(`${prefix}/messages/${id}`);
    const body = r.json();
    expect(body).toEqual({
      id,
      deviceId: "smsgw",
      state: "Pending",
      isHashed: false,
      isEncrypted: false,
      recipients: [{ phoneNumber: "+491701234567", state: "Pending" }],
      states: { Pending: body.createdAt },
      createdAt: body.createdAt,
    });
  });

  it("the message is the service's, with the same id (readable on every door)", () => {
    expect(t.h.gateway.service.get(id)).toMatchObject({
      status: "queued",
      text: "hello",
      to: "+491701234567",
    });
  });

  it("GET /message/{id} and /messages/{id} answer the same document", async () => {
    const a = await t.call("GET", `${prefix}/message/${id}`);
    const b = await t.call("GET", `${prefix}/messages/${id}`);
    expect(a.statusCode).toBe(200);
    expect(a.json()).toEqual(b.json());
    expect(a.json()).toMatchObject({ id, state: "Pending" });
    expect(a.json()).not.toHaveProperty("textMessage");
  });

  it("includeContent=true adds the text as textMessage", async () => {
    const r = await t.call("GET", `${prefix}/messages/${id}?includeContent=true`);
    expect(r.json()).toMatchObject({ textMessage: { text: "hello" } });
  });

  it("DELETE /messages/{id} cancels a pending message and answers its document, Cancelled", async () => {
    const r = await t.call("DELETE", `${prefix}/messages/${id}`);
    expect(r.statusCode).toBe(200);
    expect(r.json()).toMatchObject({
      id,
      state: "Cancelled",
      recipients: [{ phoneNumber: "+491701234567", state: "Cancelled" }],
    });
    expect(t.h.gateway.service.get(id)?.status).toBe("cancelled");
  });

  it("an unknown id answers 404 with SMSGate's error body", async () => {
    const r = await t.call("GET", `${prefix}/messages/nope-${id}`);
    expect(r.statusCode).toBe(404);
    expect(r.json()).toEqual({
      message: `no message with id "nope-${id}"`,
      data: { code: "sms.not-found" },
    });
  });
});

describe("SMSGate states as the modem sends and the report comes", () => {
  it("a sent message reaches Delivered once the simulator returns its status report", async () => {
    const r = await t.call("POST", "/messages", {
      body: { id: "dl-1", message: "legacy text field", phoneNumbers: ["+491701234567"] },
    });
    expect(r.statusCode).toBe(202);
    await expect
      .poll(async () => (await t.call("GET", "/messages/dl-1")).json().state, { timeout: 10_000 })
      .toBe("Delivered");
    const doc = (await t.call("GET", "/messages/dl-1")).json();
    expect(doc.recipients).toEqual([{ phoneNumber: "+491701234567", state: "Delivered" }]);
    expect(Object.keys(doc.states)).toEqual(["Pending", "Delivered"]);
  });

  it("the same message is readable at /api/v1/messages/{id} with a messages:read token", async () => {
    const { token } = await new TokenStore(t.h.config.store.dir).create("reader", [
      "messages:read",
    ]);
    const r = await t.call("GET", "/api/v1/messages/dl-1", {
      authorization: `Bearer ${token}`,
    });
    expect(r.statusCode).toBe(200);
    expect(r.json()).toMatchObject({ id: "dl-1", status: "delivered", to: "+491701234567" });
  });

  it("a refused send shows Failed with our error code as the recipient's error", async () => {
    t.h.sim.failSendsTo("+491709999999", 21);
    const r = await t.call("POST", "/message", {
      body: { id: "fail-1", textMessage: { text: "x" }, phoneNumbers: ["+491709999999"] },
    });
    expect(r.statusCode).toBe(202);
    await expect
      .poll(async () => (await t.call("GET", "/messages/fail-1")).json().state, { timeout: 10_000 })
      .toBe("Failed");
    const doc = (await t.call("GET", "/messages/fail-1")).json();
    expect(doc.recipients[0].error).toMatch(/^[a-z]+\.[a-z-]+$/);
    t.h.sim.failSendsTo("+491709999999", null);
  });

  it("several numbers are one SMSGate message with one recipient each", async () => {
    const r = await t.call("POST", "/message", {
      body: {
        id: "multi",
        textMessage: { text: "both" },
        phoneNumbers: ["+491701111111", "+491702222222"],
        scheduleAt: LATER,
      },
    });
    expect(r.statusCode).toBe(202);
    expect(r.json().recipients).toEqual([
      { phoneNumber: "+491701111111", state: "Pending" },
      { phoneNumber: "+491702222222", state: "Pending" },
    ]);
    const g = await t.call("GET", "/messages/multi");
    expect(g.json()).toMatchObject({ id: "multi", state: "Pending" });
    expect(g.json().recipients).toHaveLength(2);
    expect(t.h.gateway.service.get("multi:+491701111111")?.status).toBe("queued");
  });
});

describe("a message to several numbers, once finished", () => {
  it("is found again from the history with both recipients Delivered", async () => {
    const r = await t.call("POST", "/message", {
      body: {
        id: "multi-done",
        message: "to both",
        phoneNumbers: ["+491703333333", "+491704444444"],
      },
    });
    expect(r.statusCode).toBe(202);
    await expect
      .poll(async () => (await t.call("GET", "/messages/multi-done")).json().state, {
        timeout: 10_000,
      })
      .toBe("Delivered");
    const doc = (await t.call("GET", "/messages/multi-done")).json();
    expect(doc.recipients).toEqual([
      { phoneNumber: "+491703333333", state: "Delivered" },
      { phoneNumber: "+491704444444", state: "Delivered" },
    ]);
    expect(t.h.gateway.service.list().some((m) => m.id.startsWith("multi-done:"))).toBe(false);
  });
});

describe("SMSGate send request fields", () => {
  const post = (body: unknown) => t.call("POST", "/message", { body });
  const base = { phoneNumbers: ["+491701234567"], scheduleAt: LATER };

  it("without an id, one is made and answered", async () => {
    const r = await post({ ...base, textMessage: { text: "no id" } });
    expect(r.statusCode).toBe(202);
    const id = r.json().id as string;
    expect(id).toMatch(/^[A-Za-z0-9_-]{20,}$/);
    expect(t.h.gateway.service.get(id)?.text).toBe("no id");
  });

  it("null for a left-out field is accepted (SMSGate's clients send nulls)", async () => {
    const r = await post({
      ...base,
      id: null,
      textMessage: { text: "nulls" },
      ttl: null,
      simNumber: null,
      withDeliveryReport: null,
      isEncrypted: null,
      priority: null,
    });
    expect(r.statusCode).toBe(202);
  });

  it("ttl becomes the validity, priority ≥ 100 high and < 0 low", async () => {
    await post({ ...base, id: "ttl-1", textMessage: { text: "t" }, ttl: 3600, priority: 100 });
    await post({ ...base, id: "low-1", textMessage: { text: "t" }, priority: -5 });
    expect(t.h.gateway.service.get("ttl-1")?.priority).toBe("high");
    expect(t.h.gateway.service.get("low-1")?.priority).toBe("low");
  });

  it("validUntil in the past answers 400 naming validUntil", async () => {
    const r = await post({
      ...base,
      textMessage: { text: "t" },
      validUntil: "2001-01-01T00:00:00Z",
    });
    expect(r.statusCode).toBe(400);
    expect(r.json().data.fields).toEqual([
      { field: "validUntil", message: "`validUntil`: is in the past" },
    ]);
  });

  it("simNumber 1 is the one modem; simNumber 2 answers 400 naming simNumber", async () => {
    expect((await post({ ...base, textMessage: { text: "t" }, simNumber: 1 })).statusCode).toBe(
      202,
    );
    const r = await post({ ...base, textMessage: { text: "t" }, simNumber: 2 });
    expect(r.statusCode).toBe(400);
    expect(r.json().data.fields.map((f: { field: string }) => f.field)).toEqual(["simNumber"]);
  });

  it("isEncrypted: true is refused with a 400 saying encrypted messages are not supported", async () => {
    const r = await post({ ...base, textMessage: { text: "b64..." }, isEncrypted: true });
    expect(r.statusCode).toBe(400);
    expect(r.json().message).toContain("encrypted messages are not supported");
    expect(r.json().data.fields[0].field).toBe("isEncrypted");
  });

  it("a data message is refused with a 400 naming dataMessage", async () => {
    const r = await post({ ...base, dataMessage: { data: "SGVsbG8=", port: 53739 } });
    expect(r.statusCode).toBe(400);
    expect(r.json().data.fields[0].field).toBe("dataMessage");
  });

  it("no text answers 400 naming textMessage; both forms answer 400 naming message", async () => {
    const none = await post({ ...base });
    expect(none.statusCode).toBe(400);
    expect(none.json().data.fields[0].field).toBe("textMessage");
    const two = await post({ ...base, message: "a", textMessage: { text: "b" } });
    expect(two.statusCode).toBe(400);
    expect(two.json().data.fields[0].field).toBe("message");
  });

  it("ttl with validUntil answers 400", async () => {
    const r = await post({ ...base, textMessage: { text: "t" }, ttl: 60, validUntil: LATER });
    expect(r.statusCode).toBe(400);
  });

  it("an unknown field answers 400 naming it", async () => {
    const r = await post({ ...base, textMessage: { text: "t" }, colour: "red" });
    expect(r.statusCode).toBe(400);
    expect(r.json().data.fields).toEqual([{ field: "colour", message: "unknown field" }]);
  });

  it("an invalid number answers 400 with the SMS service's code", async () => {
    const r = await post({ phoneNumbers: ["not a number"], textMessage: { text: "t" } });
    expect(r.statusCode).toBe(400);
    expect(r.json().data.code).toBe("sms.invalid-number");
  });

  it("the same id and body again answers 200; another body 409", async () => {
    const body = { ...base, id: "idem", textMessage: { text: "once" } };
    expect((await post(body)).statusCode).toBe(202);
    const again = await post(body);
    expect(again.statusCode).toBe(200);
    expect(again.json()).toMatchObject({ id: "idem", state: "Pending" });
    const other = await post({ ...body, textMessage: { text: "twice" } });
    expect(other.statusCode).toBe(409);
    expect(other.json().data.code).toBe("http.id-conflict");
  });

  it("a body that is not JSON answers 400 in SMSGate's shape", async () => {
    const r = await post("{nope");
    expect(r.statusCode).toBe(400);
    expect(r.json()).toMatchObject({ data: { code: "http.invalid-json" } });
  });

  it("cancelling a message already sent answers 409", async () => {
    const r = await t.call("DELETE", "/messages/dl-1");
    expect(r.statusCode).toBe(409);
    expect(r.json().data.code).toBe("sms.not-cancellable");
  });
});

describe("SMSGate listings", () => {
  it("GET /messages lists HTTP messages newest first with X-Total-Count", async () => {
    const r = await t.call("GET", "/messages?limit=2");
    expect(r.statusCode).toBe(200);
    const list = r.json() as Array<{ id: string; state: string }>;
    expect(list).toHaveLength(2);
    const total = Number(r.headers["x-total-count"]);
    expect(total).toBeGreaterThan(2);
    const all = (await t.call("GET", `/messages?limit=500`)).json() as Array<{ id: string }>;
    expect(all).toHaveLength(total);
    expect(all.slice(0, 2)).toEqual(list);
  });

  it("offset pages on; state filters by SMSGate state name", async () => {
    const second = (await t.call("GET", "/3rdparty/v1/messages?limit=1&offset=1")).json();
    const all = (await t.call("GET", "/messages?limit=500")).json();
    expect(second).toEqual([all[1]]);
    const delivered = (await t.call("GET", "/messages?state=Delivered")).json() as Array<{
      id: string;
      state: string;
    }>;
    expect(delivered.map((m) => m.id)).toContain("dl-1");
    expect(delivered.every((m) => m.state === "Delivered")).toBe(true);
  });

  it("a bad query answers 400 naming the parameter", async () => {
    const r = await t.call("GET", "/messages?state=Lost");
    expect(r.statusCode).toBe(400);
    expect(r.json().data.fields[0].field).toBe("state");
  });

  it("GET /inbox lists received SMS as SMSGate's IncomingMessage", async () => {
    t.h.sim.deliverSms({ from: "+441234567890", text: "hi there" });
    await expect
      .poll(async () => Number((await t.call("GET", "/inbox")).headers["x-total-count"]), {
        timeout: 10_000,
      })
      .toBe(1);
    const [m] = (await t.call("GET", "/3rdparty/v1/inbox")).json();
    expect(m).toEqual({
      id: m.id,
      type: "SMS",
      sender: "+441234567890",
      simNumber: 1,
      contentPreview: "hi there",
      createdAt: m.createdAt,
    });
  });

  it("GET /inbox?type=MMS is empty: only SMS are received", async () => {
    const r = await t.call("GET", "/inbox?type=MMS");
    expect(r.json()).toEqual([]);
    expect(r.headers["x-total-count"]).toBe("0");
  });
});

describe("SMSGate device, root and health", () => {
  it("GET / answers status ok and the modem's model", async () => {
    const r = await t.call("GET", "/");
    expect(r.statusCode).toBe(200);
    expect(r.json()).toMatchObject({ status: "ok" });
    expect(typeof r.json().model).toBe("string");
  });

  it("GET /3rdparty/v1 and /3rdparty/v1/ answer the same", async () => {
    expect((await t.call("GET", "/3rdparty/v1")).json()).toMatchObject({ status: "ok" });
    expect((await t.call("GET", "/3rdparty/v1/")).json()).toMatchObject({ status: "ok" });
  });

  it("GET /device lists one device with one SIM card", async () => {
    const r = await t.call("GET", "/device");
    expect(r.statusCode).toBe(200);
    const [d] = r.json();
    expect(d).toMatchObject({ id: "smsgw", simCards: [{ simNumber: 1, slotIndex: 0 }] });
    expect(r.json()).toHaveLength(1);
  });

  it("GET /health needs no credentials and passes with the modem ready", async () => {
    const r = await t.call("GET", "/health", { authorization: null });
    expect(r.statusCode).toBe(200);
    expect(r.json()).toMatchObject({
      status: "pass",
      checks: { "modem:ready": { status: "pass", observedValue: 1, observedUnit: "boolean" } },
    });
    expect(typeof r.json().version).toBe("string");
    expect(Number.isInteger(r.json().releaseId)).toBe(true);
  });
});

describe("our own API is untouched", () => {
  it("/api/v1 still wants a Bearer token: Basic credentials answer 401", async () => {
    const r = await t.call("GET", "/api/v1/messages/dl-1");
    expect(r.statusCode).toBe(401);
    expect(r.json()).toMatchObject({ status: "error", code: "http.unauthorized" });
  });
});
