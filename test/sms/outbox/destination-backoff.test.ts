import { describe, expect, it } from "vitest";
import { backoffDelay, DestinationBackoff } from "../../../src/sms/outbox/backoff.js";

const retry = { baseMs: 1000, maxMs: 8000, maxAttempts: 5 };

describe("backoff per destination", () => {
  it("doubles up to the cap", () => {
    expect([1, 2, 3, 4, 5].map((n) => backoffDelay(n, retry))).toEqual([
      1000, 2000, 4000, 8000, 8000,
    ]);
  });

  it("blocks only the failing number", () => {
    const b = new DestinationBackoff(retry);
    b.failed("+491701111111", 0);
    expect(b.blockedUntil("+491701111111")).toBe(1000);
    expect(b.blockedUntil("+491702222222")).toBe(0);
  });

  it("grows with repeated failures and clears on success", () => {
    const b = new DestinationBackoff(retry);
    b.failed("x", 0);
    expect(b.failed("x", 1000)).toBe(3000);
    b.succeeded("x");
    expect(b.blockedUntil("x")).toBe(0);
  });
});
