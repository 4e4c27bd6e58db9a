import { describe, expect, it } from "vitest";
import { type DailyWindow, inDailyWindow, msUntilWindowEnd } from "../../src/automation/clock.js";

/**
 * Europe/Berlin: CET (UTC+1) in winter, CEST (UTC+2) in summer. In 2025 clocks jump from
 * 02:00 to 03:00 on Sunday 30 March (01:00 UTC) and go back from 03:00 to 02:00 on Sunday
 * 26 October (01:00 UTC).
 */
const BERLIN = "Europe/Berlin";
const night: DailyWindow = { start: "22:00", end: "07:00", timeZone: BERLIN };
const endsAtHalfPastTwo: DailyWindow = { start: "22:00", end: "02:30", timeZone: BERLIN };

/** The UTC instant at which the window ends, seen from `now`. */
function endSeenFrom(now: string, w: DailyWindow): string {
  const ms = Date.parse(now);
  return new Date(ms + msUntilWindowEnd(ms, w)).toISOString();
}

describe("the end of quiet hours", () => {
  it("is 07:00 local the next morning on an ordinary summer night", () => {
    expect(endSeenFrom("2025-06-02T22:30:00Z", night)).toBe("2025-06-03T05:00:00.000Z");
  });

  it("is 07:00 local the same morning when asked after midnight", () => {
    expect(endSeenFrom("2025-01-15T01:15:42.250Z", night)).toBe("2025-01-15T06:00:00.000Z");
  });

  it("is 07:00 summer time on the night clocks jump forward, not an hour later", () => {
    // Asked at 23:30 CET; 07:00 CEST is 05:00 UTC.
    expect(endSeenFrom("2025-03-29T22:30:00Z", night)).toBe("2025-03-30T05:00:00.000Z");
  });

  it("is 07:00 winter time on the night clocks go back, not an hour early", () => {
    // Asked at 23:30 CEST; 07:00 CET is 06:00 UTC.
    expect(endSeenFrom("2025-10-25T21:30:00Z", night)).toBe("2025-10-26T06:00:00.000Z");
  });

  it("comes at the jump itself when its local time is skipped that night", () => {
    // 02:30 does not exist on 30 March: the window ends at 03:00 CEST (01:00 UTC).
    expect(endSeenFrom("2025-03-29T23:30:00Z", endsAtHalfPastTwo)).toBe("2025-03-30T01:00:00.000Z");
  });

  it("is the first 02:30 (summer time) on the night 02:30 happens twice", () => {
    expect(endSeenFrom("2025-10-25T22:30:00Z", endsAtHalfPastTwo)).toBe("2025-10-26T00:30:00.000Z");
  });

  it("is the second 02:30 when asked in the repeated hour before it", () => {
    // 02:10 CET, after the clocks went back: inside the window again until 02:30 CET.
    expect(inDailyWindow(Date.parse("2025-10-26T01:10:00Z"), endsAtHalfPastTwo)).toBe(true);
    expect(endSeenFrom("2025-10-26T01:10:00Z", endsAtHalfPastTwo)).toBe("2025-10-26T01:30:00.000Z");
  });

  it("is the next day's end when asked a millisecond after today's", () => {
    expect(endSeenFrom("2025-06-03T05:00:00.001Z", night)).toBe("2025-06-04T05:00:00.000Z");
  });

  it("is now when asked exactly at the end", () => {
    expect(msUntilWindowEnd(Date.parse("2025-06-03T05:00:00Z"), night)).toBe(0);
  });

  it("lies outside the window, so a held message is released when the timer fires", () => {
    for (const [now, w] of [
      ["2025-03-29T22:30:00Z", night],
      ["2025-10-25T21:30:00Z", night],
      ["2025-03-29T23:30:00Z", endsAtHalfPastTwo],
      ["2025-10-25T22:30:00Z", endsAtHalfPastTwo],
    ] as const) {
      const ms = Date.parse(now);
      expect(inDailyWindow(ms, w)).toBe(true);
      expect(inDailyWindow(ms + msUntilWindowEnd(ms, w), w)).toBe(false);
      expect(inDailyWindow(ms + msUntilWindowEnd(ms, w) - 1, w)).toBe(true);
    }
  });
});
