import { createHmac, timingSafeEqual } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Webhook as StandardWebhook } from "standardwebhooks";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { WebhookEngine } from "../../src/webhooks/engine.js";
import { WebhookRegistry } from "../../src/webhooks/registry.js";
import type { Webhook, WebhookEvent } from "../../src/webhooks/types.js";
import { flushIo, type Received, startReceiver, until } from "../support/webhook-receiver.js";

const SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
const NEW_SECRET = "whsec_dGhpcyBpcyBhIG5ldyBzZWNyZXQgb2YgMzIgYnl0ZXM=";

let dir: string;
let closers: Array<() => Promise<void>>;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "smsgw-webhooks-"));
  closers = [];
  vi.useFakeTimers({
    toFake: ["setTimeout", "clearTimeout", "setInterval", "clearInterval", "Date"],
  });
});

afterEach(async () => {
  vi.useRealTimers();
  for (const c of closers.reverse()) await c();
  await rm(dir, { recursive: true, force: true });
});

function hook(url: string, over: Partial<Webhook> = {}): Webhook {
  return {
    id: "app",
    url,
    events: ["*"],
    format: "native",
    secrets: [SECRET],
    headers: {},
    allowHttp: false,
    enabled: true,
    source: "config",
    ...over,
  };
}

const event: WebhookEvent = {
  id: "evt_1",
  type: "sms.received",
  createdAt: "2026-12-03T10:00:00.000Z",
  data: { id: "m1", from: "+491701234567", text: "Hallo", receivedAt: "2026-12-03T10:00:00.000Z" },
};

async function engineWith(
  hooks: Webhook[],
  retry = { attempts: 14, firstMs: 10_000, timeoutMs: 30_000 },
) {
  const registry = await WebhookRegistry.open(dir, hooks);
  const engine = await WebhookEngine.open(dir, { registry, retry });
  closers.push(
    () => registry.close(),
    () => engine.close(),
  );
  engine.start();
  return { registry, engine };
}

async function receiver(b: Parameters<typeof startReceiver>[0] = 200) {
  const r = await startReceiver(b);
  closers.push(() => r.close());
  return r;
}

const headersOf = (r: Received) =>
  Object.fromEntries(Object.entries(r.headers).map(([k, v]) => [k, String(v)]));

describe("native webhooks are signed the Standard Webhooks way", () => {
  it("a call verifies with the standardwebhooks package and carries the event", async () => {
    const r = await receiver();
    const { engine } = await engineWith([hook(r.url)]);
    await engine.publish(event);
    await r.waitFor(1);
    const req = r.requests[0] as Received;
    const verified = new StandardWebhook(SECRET).verify(req.body, headersOf(req));
    expect(verified).toEqual({
      type: "sms.received",
      id: "evt_1",
      createdAt: event.createdAt,
      data: event.data,
    });
  });

  it("the webhook-id header is the event id", async () => {
    const r = await receiver();
    const { engine } = await engineWith([hook(r.url)]);
    await engine.publish(event);
    await r.waitFor(1);
    expect(r.requests[0]?.headers["webhook-id"]).toBe("evt_1");
  });

  it("during a rotation the call verifies under the new secret and under the old one", async () => {
    const r = await receiver();
    const { engine } = await engineWith([hook(r.url, { secrets: [NEW_SECRET, SECRET] })]);
    await engine.publish(event);
    await r.waitFor(1);
    const req = r.requests[0] as Received;
    expect(() => new StandardWebhook(NEW_SECRET).verify(req.body, headersOf(req))).not.toThrow();
    expect(() => new StandardWebhook(SECRET).verify(req.body, headersOf(req))).not.toThrow();
  });
});

describe("smsgate webhooks get SMSGate's envelope and signature", () => {
  it("X-Signature is the hex HMAC-SHA256 of body + X-Timestamp, as SMSGate documents the check", async () => {
    const r = await receiver();
    const { engine } = await engineWith([
      hook(r.url, { format: "smsgate", events: ["sms:received"], secrets: ["signing-key-1"] }),
    ]);
    await engine.publish(event);
    await r.waitFor(1);
    const req = r.requests[0] as Received;
    const expected = createHmac("sha256", "signing-key-1")
      .update(req.body + String(req.headers["x-timestamp"]))
      .digest("hex");
    const given = String(req.headers["x-signature"]);
    expect(timingSafeEqual(Buffer.from(given, "hex"), Buffer.from(expected, "hex"))).toBe(true);
  });

  it("the body is SMSGate's envelope with the event under its SMSGate name", async () => {
    const r = await receiver();
    const { engine } = await engineWith([
      hook(r.url, { format: "smsgate", events: ["sms:received"], secrets: [] }),
    ]);
    await engine.publish(event);
    await r.waitFor(1);
    expect(JSON.parse(r.requests[0]?.body ?? "")).toEqual({
      deviceId: "smsgw",
      event: "sms:received",
      id: "evt_1",
      payload: {
        messageId: "m1",
        message: "Hallo",
        phoneNumber: "+491701234567",
        simNumber: 1,
        receivedAt: "2026-12-03T10:00:00.000Z",
      },
      webhookId: "app",
    });
  });
});

describe("failed calls are retried with the same event id", () => {
  it("a receiver answering 500 is called again after 10 s, then 20 s, with the same id", async () => {
    const r = await receiver(500);
    const { engine } = await engineWith([hook(r.url)]);
    await engine.publish(event);
    await r.waitFor(1);
    await until(() => engine.attemptsOf("app").length === 1, "the first attempt recorded");
    await vi.advanceTimersByTimeAsync(9_999);
    await flushIo();
    expect(r.requests).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    await r.waitFor(2);
    await until(() => engine.attemptsOf("app").length === 2, "the second attempt recorded");
    await vi.advanceTimersByTimeAsync(19_999);
    await flushIo();
    expect(r.requests).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(1);
    await r.waitFor(3);
    expect(r.requests.map((q) => q.headers["webhook-id"])).toEqual(["evt_1", "evt_1", "evt_1"]);
  });

  it("a receiver that hangs past 30 s counts as a timeout and is tried again", async () => {
    const r = await receiver("hang");
    const { engine } = await engineWith([hook(r.url)]);
    await engine.publish(event);
    await r.waitFor(1);
    await vi.advanceTimersByTimeAsync(30_000);
    await until(() => engine.attemptsOf("app").length === 1, "the attempt recorded");
    expect(engine.attemptsOf("app")[0]).toMatchObject({ result: "retry", error: "timeout" });
    r.behave(204);
    await vi.advanceTimersByTimeAsync(10_000);
    await r.waitFor(2);
    await until(() => engine.pending() === 0, "the event delivered");
    expect(engine.attemptsOf("app")[0]).toMatchObject({
      result: "delivered",
      status: 204,
      attempt: 2,
    });
  });

  it("a receiver that closes the socket is tried again", async () => {
    const r = await receiver("close");
    const { engine } = await engineWith([hook(r.url)]);
    await engine.publish(event);
    await until(() => engine.attemptsOf("app").length === 1, "the attempt recorded");
    expect(engine.attemptsOf("app")[0]).toMatchObject({ result: "retry", error: "ECONNRESET" });
    expect(engine.pending("app")).toBe(1);
  });

  it("after the last attempt the event is given up", async () => {
    const r = await receiver(503);
    const { engine } = await engineWith([hook(r.url)], {
      attempts: 3,
      firstMs: 10_000,
      timeoutMs: 30_000,
    });
    await engine.publish(event);
    await until(() => engine.attemptsOf("app").length === 1, "attempt 1");
    await vi.advanceTimersByTimeAsync(10_000);
    await until(() => engine.attemptsOf("app").length === 2, "attempt 2");
    await vi.advanceTimersByTimeAsync(20_000);
    await until(() => engine.attemptsOf("app").length === 3, "attempt 3");
    expect(engine.attemptsOf("app")[0]).toMatchObject({
      result: "given-up",
      attempt: 3,
      status: 503,
    });
    expect(engine.pending()).toBe(0);
  });
});

describe("410 Gone switches the webhook off", () => {
  it("the webhook is off, also for the registry", async () => {
    const r = await receiver(410);
    const { engine, registry } = await engineWith([hook(r.url)]);
    await engine.publish(event);
    await until(() => engine.attemptsOf("app").length === 1, "the attempt recorded");
    expect(registry.get("app")?.enabled).toBe(false);
  });

  it("its queued events are dropped and no new ones are queued", async () => {
    const r = await receiver(410);
    const { engine } = await engineWith([hook(r.url)]);
    await engine.publish(event);
    await until(() => engine.attemptsOf("app").length === 1, "the attempt recorded");
    expect(await engine.publish({ ...event, id: "evt_2" })).toBe(0);
    expect(engine.pending()).toBe(0);
  });
});

describe("events are durable", () => {
  it("an event queued before a crash is delivered after the restart with its id", async () => {
    const registry = await WebhookRegistry.open(dir, [hook("http://127.0.0.1:9/none")]);
    const engine = await WebhookEngine.open(dir, { registry });
    await engine.publish(event); // not started: it only reaches the disk
    await engine.close();
    await registry.close();
    const r = await receiver();
    await engineWith([hook(r.url)]);
    await r.waitFor(1);
    expect(r.requests[0]?.headers["webhook-id"]).toBe("evt_1");
  });

  it("an event published twice under one key is queued once", async () => {
    const r = await receiver();
    const { engine } = await engineWith([hook(r.url)]);
    await engine.publish(event, "sms.received:m1");
    await engine.publish(event, "sms.received:m1");
    await r.waitFor(1);
    await flushIo();
    expect(r.requests).toHaveLength(1);
  });
});

describe("each event is delivered once", () => {
  it("200 events with several calls in flight reach the receiver once each", async () => {
    const r = await receiver();
    const { engine } = await engineWith([hook(r.url)]);
    await Promise.all(
      Array.from({ length: 200 }, (_, i) => engine.publish({ ...event, id: `evt_${i}` })),
    );
    await r.waitFor(200);
    await until(() => engine.pending() === 0, "every event delivered");
    await flushIo();
    const ids = r.requests.map((q) => q.headers["webhook-id"]);
    expect([ids.length, new Set(ids).size]).toEqual([200, 200]);
  });
});

describe("receivers do not hold each other up", () => {
  it("a receiver that hangs does not delay another", async () => {
    const slow = await receiver("hang");
    const fast = await receiver();
    const { engine } = await engineWith([
      hook(slow.url, { id: "slow" }),
      hook(fast.url, { id: "fast" }),
    ]);
    for (let i = 0; i < 10; i++) await engine.publish({ ...event, id: `evt_${i}` });
    await fast.waitFor(10);
    expect(fast.requests).toHaveLength(10);
    expect(engine.pending("slow")).toBe(10);
  });
});

describe("where calls may go", () => {
  it("plain http:// to another host is refused without allowHttp", async () => {
    const { engine } = await engineWith([hook("http://192.0.2.1/hook")]);
    await engine.publish(event);
    await until(() => engine.attemptsOf("app").length === 1, "the attempt recorded");
    expect(engine.attemptsOf("app")[0]?.error).toMatch(/allowHttp/);
  });
});
