import { describe, expect, it } from "vitest";
import { nextWindowOpen } from "../../../src/sms/outbox/send-window.js";

const local = (y: number, mo: number, d: number, h: number, mi = 0) =>
  new Date(y, mo - 1, d, h, mi).getTime();

describe("send window", () => {
  const window = { start: "08:00", end: "20:00" };

  it("inside the window: now", () => {
    const now = local(2025, 3, 5, 12);
    expect(nextWindowOpen(window, now)).toBe(now);
  });

  it("before it: today's opening", () => {
    expect(nextWindowOpen(window, local(2025, 3, 5, 6))).toBe(local(2025, 3, 5, 8));
  });

  it("after it: tomorrow's opening", () => {
    expect(nextWindowOpen(window, local(2025, 3, 5, 21))).toBe(local(2025, 3, 6, 8));
  });

  it("a window over midnight is open at 01:00", () => {
    const now = local(2025, 3, 5, 1);
    expect(nextWindowOpen({ start: "22:00", end: "06:00" }, now)).toBe(now);
  });

  it("weekdays only: Saturday waits for Monday", () => {
    // 2025-03-08 is a Saturday.
    const w = { ...window, days: [1, 2, 3, 4, 5] };
    expect(nextWindowOpen(w, local(2025, 3, 8, 12))).toBe(local(2025, 3, 10, 8));
  });

  it("no window: now", () => {
    expect(nextWindowOpen(null, 5)).toBe(5);
  });
});
