import { describe, expect, it } from "vitest";
import { SenderQuota } from "../../src/email/sender-quota.js";

describe("the per-sender quota", () => {
  it("leaves perHour SMS to a sender that sent none", () => {
    expect(new SenderQuota(5, () => 0).left("a@example.com")).toBe(5);
  });

  it("counts what a sender queued, apart from other senders", () => {
    const q = new SenderQuota(5, () => 0);
    q.take("a@example.com", 3);
    expect([q.left("a@example.com"), q.left("b@example.com")]).toEqual([2, 5]);
  });

  it("forgets what was queued more than an hour ago", () => {
    let now = 0;
    const q = new SenderQuota(5, () => now);
    q.take("a@example.com", 5);
    now = 3_600_001;
    expect(q.left("a@example.com")).toBe(5);
  });

  it("gives back what a refused send had counted", () => {
    const q = new SenderQuota(5, () => 0);
    q.take("a@example.com", 2);
    q.take("a@example.com", 3);
    q.release("a@example.com", 3);
    expect(q.left("a@example.com")).toBe(3);
  });
});
