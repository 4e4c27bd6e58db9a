import { describe, expect, it } from "vitest";
import { ModemScope } from "../../../src/sms/outbox/modem-scope.js";

describe("whose fault a modem-scope refusal is", () => {
  it("a message's first refusal is the network's", () => {
    const s = new ModemScope();
    s.succeeded("earlier");
    expect(s.failed("m1", "+49170", true)).toBe("network");
  });

  it("refused again after another message went through, it is the number's", () => {
    const s = new ModemScope();
    s.failed("m1", "+49170", true);
    s.succeeded("m2");
    expect(s.failed("m1", "+49170", true)).toBe("destination");
    expect(s.failed("m1", "+49170", true)).toBe("destination");
  });

  it("refused again with nothing sent in between, it is still the network's", () => {
    const s = new ModemScope();
    s.succeeded("earlier");
    s.failed("m1", "+49170", true);
    expect(s.failed("m1", "+49170", true)).toBe("network");
  });

  it("another number refused since the last success makes it the network's", () => {
    const s = new ModemScope();
    s.failed("m1", "+49170", true);
    s.succeeded("m2");
    s.failed("m3", "+49171", true);
    expect(s.failed("m1", "+49170", true)).toBe("network");
  });

  it("a failure without a CMS code (timeout, port closed) is never the destination's", () => {
    const s = new ModemScope();
    s.failed("m1", "+49170", false);
    s.succeeded("m2");
    expect(s.failed("m1", "+49170", false)).toBe("network");
  });

  it("the pause doubles from 1 s to 30 s and starts again after a success", () => {
    const s = new ModemScope();
    const pauses = [1, 2, 3, 4, 5, 6, 7].map((i) => {
      s.failed(`m${i}`, `+4917${i}`, true);
      return s.pauseMs();
    });
    expect(pauses).toEqual([1_000, 2_000, 4_000, 8_000, 16_000, 30_000, 30_000]);
    s.succeeded("m9");
    s.failed("m8", "+49178", false);
    expect(s.pauseMs()).toBe(1_000);
  });

  it("messages failed for the network take turns in the order they failed; a success ends it", () => {
    const s = new ModemScope();
    s.failed("a", "+491", true);
    s.failed("b", "+492", true);
    s.failed("a", "+491", true);
    expect([s.turnOf("b"), s.turnOf("a")]).toEqual([2, 3]);
    s.succeeded("c");
    expect(s.turnOf("a")).toBeUndefined();
  });
});
