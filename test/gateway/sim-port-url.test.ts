import { describe, expect, it } from "vitest";
import { parseSimUrl } from "../../src/gateway/index.js";

describe("a sim:// modem port", () => {
  it("names the simulated module and its timing", () => {
    expect(parseSimUrl("sim://sim800?timing=realistic")).toEqual({
      profile: "SIM800",
      timing: "realistic",
    });
  });

  it("is instant by default", () => {
    expect(parseSimUrl("sim://EC25")).toEqual({ profile: "EC25", timing: "instant" });
  });

  it("is not a serial device or a TCP port", () => {
    expect([parseSimUrl("/dev/serial0"), parseSimUrl("tcp://127.0.0.1:7001")]).toEqual([
      undefined,
      undefined,
    ]);
  });

  it("refuses an unknown module with a config error", () => {
    expect(() => parseSimUrl("sim://nokia3310")).toThrow(/unknown simulator profile "nokia3310"/);
  });
});
