/**
 * Failed authentications per client address in a fixed window: past `max` the address is
 * refused (HTTP 429, a failed SMPP bind) until the window ends, so a token or password cannot
 * be guessed at network speed. Memory stays bounded: at most `maxAddresses` are remembered, the
 * oldest window dropped first.
 */
export class AuthFailures {
  private readonly windows = new Map<string, { startedAt: number; count: number }>();

  constructor(
    private readonly opts: {
      max: number;
      windowMs: number;
      now?: () => number;
      maxAddresses?: number;
      /** Told of each failure (metrics count them). */
      onFailure?: () => void;
    },
  ) {}

  private now(): number {
    return (this.opts.now ?? Date.now)();
  }

  /** Seconds the address must wait, or 0 when it may try. */
  retryAfterSeconds(address: string): number {
    const w = this.windows.get(address);
    if (w === undefined) return 0;
    const left = w.startedAt + this.opts.windowMs - this.now();
    if (left <= 0) {
      this.windows.delete(address);
      return 0;
    }
    return w.count >= this.opts.max ? Math.ceil(left / 1000) : 0;
  }

  failed(address: string): void {
    this.opts.onFailure?.();
    const now = this.now();
    const w = this.windows.get(address);
    if (w !== undefined && now - w.startedAt < this.opts.windowMs) {
      w.count++;
      return;
    }
    this.windows.delete(address);
    if (this.windows.size >= (this.opts.maxAddresses ?? 10_000)) {
      const oldest = this.windows.keys().next();
      if (oldest.done !== true) this.windows.delete(oldest.value);
    }
    this.windows.set(address, { startedAt: now, count: 1 });
  }
}
