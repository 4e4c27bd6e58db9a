/**
 * A token bucket: `rate` tokens a second, holding at most one second's worth, so an account
 * sends at most its throughput on average and in bursts of one second's worth.
 */
export class Throttle {
  private tokens: number;
  private at: number;

  constructor(
    private readonly rate: number,
    now: number,
  ) {
    this.tokens = Math.max(1, rate);
    this.at = now;
  }

  /** Takes a token if there is one. */
  take(now: number): boolean {
    const capacity = Math.max(1, this.rate);
    this.tokens = Math.min(capacity, this.tokens + ((now - this.at) / 1000) * this.rate);
    this.at = now;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
}
