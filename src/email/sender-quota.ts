const HOUR_MS = 3_600_000;

/**
 * SMS each sender (address or AUTH user) queued in the last hour. Kept in memory: a restart
 * forgets the counts, and the SMS service's own rate limits still hold every door together.
 */
export class SenderQuota {
  private readonly sent = new Map<string, number[]>();

  constructor(
    private readonly perHour: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** How many more SMS `sender` may queue now. */
  left(sender: string): number {
    return Math.max(0, this.perHour - this.recent(sender).length);
  }

  /** Counts `n` SMS queued by `sender` now. */
  take(sender: string, n: number): void {
    const times = this.recent(sender);
    for (let i = 0; i < n; i++) times.push(this.now());
    this.sent.set(sender, times);
  }

  /** Gives back the `n` SMS counted last for `sender` (their send was refused). */
  release(sender: string, n: number): void {
    const times = this.recent(sender);
    times.splice(Math.max(0, times.length - n), n);
    if (times.length === 0) this.sent.delete(sender);
  }

  private recent(sender: string): number[] {
    const since = this.now() - HOUR_MS;
    const times = (this.sent.get(sender) ?? []).filter((t) => t > since);
    if (times.length === 0) this.sent.delete(sender);
    else this.sent.set(sender, times);
    return times;
  }
}
