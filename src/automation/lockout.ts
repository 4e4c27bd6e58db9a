import type { Clock } from "./clock.js";
import type { SecurityConfig } from "./config-schema.js";
import type { StateStore } from "./state.js";

/**
 * Failed attempts per sender: `threshold` failures within `windowMinutes` lock the sender out
 * for `durationMinutes`. Kept in the automation state file, so a restart (or a power cut)
 * does not give an attacker fresh attempts.
 */
export class Lockouts {
  constructor(
    private readonly state: StateStore,
    private readonly cfg: SecurityConfig["lockout"],
    private readonly clock: Clock,
  ) {}

  lockedUntil(sender: string): number | undefined {
    const until = this.state.data.senders[sender]?.lockedUntil;
    return until !== undefined && until > this.clock.now() ? until : undefined;
  }

  /** Records a failure; resolves (once durable) with whether this one locked the sender out. */
  async fail(sender: string): Promise<boolean> {
    const now = this.clock.now();
    const windowMs = this.cfg.windowMinutes * 60_000;
    let locked = false;
    await this.state.update((s) => {
      const r = s.senders[sender] ?? { failures: [] };
      r.failures = r.failures.filter((t) => now - t < windowMs);
      r.failures.push(now);
      if (r.failures.length >= this.cfg.threshold) {
        r.lockedUntil = now + this.cfg.durationMinutes * 60_000;
        r.failures = [];
        locked = true;
      }
      s.senders[sender] = r;
      // Keep the file small: forget senders with nothing left to remember.
      for (const [k, v] of Object.entries(s.senders))
        if (v.failures.every((t) => now - t >= windowMs) && (v.lockedUntil ?? 0) <= now)
          delete s.senders[k];
    });
    return locked;
  }

  /** A successful command clears the sender's failures. */
  async succeed(sender: string): Promise<void> {
    if (this.state.data.senders[sender] === undefined) return;
    await this.state.update((s) => {
      delete s.senders[sender];
    });
  }
}

/** A sliding one-hour window counter (in memory: a restart forgiving it costs little). */
export class HourlyLimit {
  private readonly times = new Map<string, number[]>();

  constructor(
    private readonly limit: number,
    private readonly clock: Clock,
  ) {}

  /** Counts one event for `key`; false when the limit was already reached (not counted). */
  take(key = ""): boolean {
    const now = this.clock.now();
    const list = (this.times.get(key) ?? []).filter((t) => now - t < 3_600_000);
    if (list.length >= this.limit) {
      this.times.set(key, list);
      return false;
    }
    list.push(now);
    this.times.set(key, list);
    return true;
  }
}
