import { describe, expect, it } from "vitest";
import { ModemScope } from "../../../src/sms/outbox/modem-scope.js";

describe("whose fault a modem-scope refusal is", () => {
  it("before anything has been sent, a refusal is the network's", () => {
    expect(new ModemScope().failed("m1", "+49170", true)).toBe("network");
  });

  it("once sends go through, a refusal that only one number gets is that number's", () => {
    const s = new ModemScope();
    s.succeeded();
    expect(s.failed("m1", "+49170", true)).toBe("destination");
    expect(s.failed("m1", "+49170", true)).toBe("destination");
  });

  it("a second number refused before the next success makes it the network's", () => {
    const s = new ModemScope();
    s.succeeded();
    s.failed("m1", "+49170", true);
    expect(s.failed("m2", "+49171", true)).toBe("network");
    expect(s.failed("m1", "+49170", true)).toBe("network");
  });

  it("a failure without a CMS code (timeout, port closed) is never the destination's", () => {
    const s = new ModemScope();
    s.succeeded();
    expect(s.failed("m1", "+49170", false)).toBe("network");
  });

  it("the pause doubles from 1 s to 30 s and starts again after a success", () => {
    const s = new ModemScope();
    const pauses = [1, 2, 3, 4, 5, 6, 7].map((i) => {
      s.failed(`m${i}`, `+4917${i}`, true);
      return s.pauseMs();
    });
    expect(pauses).toEqual([1_000, 2_000, 4_000, 8_000, 16_000, 30_000, 30_000]);
    s.succeeded();
    s.failed("m8", "+49178", false);
    expect(s.pauseMs()).toBe(1_000);
  });

  it("messages failed for the network take turns in the order they failed; a success ends it", () => {
    const s = new ModemScope();
    s.failed("a", "+491", true);
    s.failed("b", "+492", true);
    s.failed("a", "+491", true);
    expect([s.turnOf("b"), s.turnOf("a")]).toEqual([2, 3]);
    s.succeeded();
    expect(s.turnOf("a")).toBeUndefined();
  });
});
