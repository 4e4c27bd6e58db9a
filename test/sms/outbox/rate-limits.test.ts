import { describe, expect, it } from "vitest";
import { RateLimiter } from "../../../src/sms/outbox/rate-limiter.js";

describe("rate limits per minute, hour and day", () => {
  it("allows up to the limit within a minute", () => {
    const r = new RateLimiter({ perMinute: 2 });
    r.record(0);
    expect(r.nextAllowed(1)).toBe(1);
    r.record(1000);
    expect(r.nextAllowed(2000)).toBe(60_000);
  });

  it("opens again when the oldest send leaves the window", () => {
    const r = new RateLimiter({ perMinute: 2 });
    r.record(0);
    r.record(1000);
    expect(r.nextAllowed(59_000)).toBe(60_000);
    expect(r.nextAllowed(60_000)).toBe(60_000);
  });

  it("the tightest of several limits wins", () => {
    const r = new RateLimiter({ perMinute: 10, perHour: 3 });
    for (const t of [0, 1, 2]) r.record(t);
    expect(r.nextAllowed(120_000)).toBe(3_600_000);
  });

  it("a day limit counts over 24 hours", () => {
    const r = new RateLimiter({ perDay: 1 });
    r.record(5);
    expect(r.nextAllowed(3_600_000)).toBe(86_400_005);
  });

  it("no limits: always now", () => {
    const r = new RateLimiter({});
    r.record(0);
    expect(r.nextAllowed(1)).toBe(1);
  });
});
