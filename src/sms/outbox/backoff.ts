import type { RetryOptions } from "../options.js";

/** Exponential backoff: base, 2·base, 4·base … capped at max. */
export function backoffDelay(failures: number, retry: RetryOptions): number {
  const exp = Math.min(Math.max(failures - 1, 0), 30);
  return Math.min(retry.baseMs * 2 ** exp, retry.maxMs);
}

/**
 * Backoff per destination: a number that keeps failing waits longer and longer, while every
 * other number is sent as usual. A success clears its record.
 */
export class DestinationBackoff {
  private readonly entries = new Map<string, { failures: number; until: number }>();

  constructor(private readonly retry: RetryOptions) {}

  /** Epoch ms before which this destination must not be tried (0 = now). */
  blockedUntil(to: string): number {
    return this.entries.get(to)?.until ?? 0;
  }

  failed(to: string, now: number): number {
    const failures = (this.entries.get(to)?.failures ?? 0) + 1;
    const until = now + backoffDelay(failures, this.retry);
    this.entries.set(to, { failures, until });
    return until;
  }

  succeeded(to: string): void {
    this.entries.delete(to);
  }

  get size(): number {
    return this.entries.size;
  }
}
