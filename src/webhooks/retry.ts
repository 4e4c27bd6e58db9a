/** When calls are retried. */
export interface RetryPolicy {
  /** Attempts in all before an event is given up for a receiver. */
  attempts: number;
  /** Wait after the first failed attempt; it doubles after each. */
  firstMs: number;
  /** One attempt's time limit (connect to the end of the answer). */
  timeoutMs: number;
}

/** SMSGate's schedule: 10 s doubling, 14 attempts (about two days), 30 s per attempt. */
export const DEFAULT_RETRY: RetryPolicy = { attempts: 14, firstMs: 10_000, timeoutMs: 30_000 };

/** The wait after failed attempt number `attempt` (1-based). */
export function retryDelayMs(policy: RetryPolicy, attempt: number): number {
  return policy.firstMs * 2 ** (attempt - 1);
}
