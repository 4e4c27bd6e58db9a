import type { RateLimits } from "../options.js";

const WINDOWS: Array<[keyof RateLimits, number]> = [
  ["perMinute", 60_000],
  ["perHour", 3_600_000],
  ["perDay", 86_400_000],
];

/**
 * Rolling-window limits on messages sent per minute, hour and day. Keeps the send times of
 * the longest limited window (at most `perDay` numbers), oldest first.
 */
export class RateLimiter {
  private readonly times: number[] = [];
  private head = 0;
  private readonly longest: number;

  constructor(private readonly limits: RateLimits) {
    this.longest = Math.max(
      0,
      ...WINDOWS.filter(([k]) => limits[k] !== undefined).map(([, w]) => w),
    );
  }

  get limited(): boolean {
    return this.longest > 0;
  }

  record(now: number): void {
    if (!this.limited) return;
    this.times.push(now);
    this.prune(now);
  }

  /** Epoch ms from which one more message is allowed (≤ now: allowed now). */
  nextAllowed(now: number): number {
    if (!this.limited) return now;
    this.prune(now);
    let at = now;
    for (const [key, window] of WINDOWS) {
      const limit = this.limits[key];
      if (limit === undefined) continue;
      if (limit <= 0) return Number.POSITIVE_INFINITY;
      const inWindow = this.countSince(now - window);
      if (inWindow >= limit) {
        // The window opens again when the (inWindow - limit + 1)-th oldest send leaves it.
        const t = this.times[this.times.length - limit];
        if (t !== undefined) at = Math.max(at, t + window);
      }
    }
    return at;
  }

  private countSince(from: number): number {
    let lo = this.head;
    let hi = this.times.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.times[mid] ?? 0) > from) hi = mid;
      else lo = mid + 1;
    }
    return this.times.length - lo;
  }

  private prune(now: number): void {
    while (this.head < this.times.length && (this.times[this.head] ?? 0) <= now - this.longest)
      this.head++;
    if (this.head > 1024 && this.head * 2 > this.times.length) {
      this.times.splice(0, this.head);
      this.head = 0;
    }
  }
}
