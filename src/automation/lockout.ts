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

const HOUR = 3_600_000;

/**
 * Counts up to `n` events at `now` against `limit` in a sliding hour kept in the automation
 * state (`bucket` → `<id>` → times), durably before it resolves with how many it counted (0 at
 * the limit, then nothing is written). The bucket stays bounded: only the last hour, and only
 * ids `keep` accepts.
 */
export async function countInHour(
  state: StateStore,
  bucket: "rateLimits" | "forwards",
  id: string,
  limit: number,
  n: number,
  now: number,
  keep: (id: string) => boolean = () => true,
): Promise<number> {
  const recent = (times: number[] | undefined) => (times ?? []).filter((t) => now - t < HOUR);
  if (recent(state.data[bucket][id]).length >= limit) return 0;
  let taken = 0;
  await state.update((s) => {
    const counts = s[bucket];
    // Counted again here: another caller may have counted since.
    const list = recent(counts[id]);
    taken = Math.min(n, Math.max(0, limit - list.length));
    counts[id] = [...list, ...new Array<number>(taken).fill(now)];
    for (const [k, times] of Object.entries(counts)) {
      const kept = recent(times);
      if (kept.length === 0 || !keep(k)) delete counts[k];
      else counts[k] = kept;
    }
  });
  return taken;
}

/**
 * A sliding one-hour window counter per key (commands per sender, replies per hour), kept in
 * the automation state: these limits stop abuse and SMS cost, and a crash or restart loop must
 * not hand out a fresh hour.
 */
export class HourlyLimit {
  constructor(
    private readonly limit: number,
    private readonly clock: Clock,
    private readonly state: StateStore,
    /** The limit's name in the state file; instances with the same name share the count. */
    private readonly name: string,
  ) {}

  /** Counts one event for `key` once durable; false when the limit was already reached. */
  async take(key = ""): Promise<boolean> {
    const id = key === "" ? this.name : `${this.name}|${key}`;
    const now = this.clock.now();
    return (await countInHour(this.state, "rateLimits", id, this.limit, 1, now)) === 1;
  }
}
