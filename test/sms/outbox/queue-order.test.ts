import { describe, expect, it } from "vitest";
import { OutboxQueue } from "../../../src/sms/outbox/queue.js";
import type { OutboxRecord } from "../../../src/sms/state.js";
import type { Priority } from "../../../src/sms/types.js";

let seq = 0;
function rec(id: string, priority: Priority, extra: Partial<OutboxRecord> = {}): OutboxRecord {
  return {
    id,
    to: `+4917000000${id.length}`,
    text: id,
    status: "queued",
    parts: 1,
    partsSent: 0,
    encoding: "gsm7",
    priority,
    createdAt: "",
    updatedAt: "",
    seq: seq++,
    deliveryReport: false,
    encodingRequest: "auto",
    concatRef: 0,
    expiresAt: Number.MAX_SAFE_INTEGER,
    attempts: 0,
    mrs: [],
    sentAt: [],
    reports: [],
    ...extra,
  };
}
const free = { now: 1000, blockedUntil: () => 0 };

describe("outbox queue order", () => {
  it("a high-priority message overtakes queued low-priority ones", () => {
    const q = new OutboxQueue();
    q.add(rec("news1", "low"));
    q.add(rec("news2", "low"));
    q.add(rec("otp", "high"));
    expect(q.pick(free)).toMatchObject({ kind: "send", record: { id: "otp" } });
  });

  it("is first in, first out within a priority", () => {
    const q = new OutboxQueue();
    q.add(rec("a", "normal"));
    q.add(rec("b", "normal"));
    expect(q.pick(free)).toMatchObject({ record: { id: "a" } });
  });

  it("skips a message whose destination is backing off", () => {
    const q = new OutboxQueue();
    q.add(rec("a", "normal", { to: "+491701111111" }));
    q.add(rec("b", "normal", { to: "+491702222222" }));
    const ctx = { now: 1000, blockedUntil: (to: string) => (to === "+491701111111" ? 5000 : 0) };
    expect(q.pick(ctx)).toMatchObject({ record: { id: "b" } });
  });

  it("a message that failed for the network goes after every other sendable one", () => {
    const q = new OutboxQueue();
    q.add(rec("otp", "high"));
    q.add(rec("news", "low"));
    const ctx = { ...free, turnOf: (id: string) => (id === "otp" ? 1 : undefined) };
    expect(q.pick(ctx)).toMatchObject({ record: { id: "news" } });
  });

  it("among messages that failed for the network, the longest-waiting goes first", () => {
    const q = new OutboxQueue();
    q.add(rec("a", "normal"));
    q.add(rec("b", "normal"));
    const turns: Record<string, number> = { a: 7, b: 3 };
    expect(q.pick({ ...free, turnOf: (id: string) => turns[id] })).toMatchObject({
      record: { id: "b" },
    });
  });

  it("skips a message not due yet and says when to look again", () => {
    const q = new OutboxQueue();
    q.add(rec("later", "normal", { notBefore: 9000 }));
    expect(q.pick(free)).toEqual({ kind: "wait", until: 9000 });
  });

  it("hands out a message whose TTL passed as expired", () => {
    const q = new OutboxQueue();
    q.add(rec("old", "normal", { expiresAt: 500 }));
    expect(q.pick(free)).toMatchObject({ kind: "expired", record: { id: "old" } });
  });

  it("forgets finished messages", () => {
    const q = new OutboxQueue();
    const a = rec("a", "normal");
    q.add(a);
    a.status = "sent";
    expect(q.pick(free)).toEqual({ kind: "wait", until: Number.POSITIVE_INFINITY });
  });

  it("restored records are ordered by their sequence", () => {
    const q = new OutboxQueue();
    const first = rec("first", "normal");
    const second = rec("second", "normal");
    q.add(second);
    q.add(first);
    expect(q.pick(free)).toMatchObject({ record: { id: "first" } });
  });
});
