import type { Clock } from "./clock.js";
import type { SecurityConfig } from "./config-schema.js";
import type { StateStore } from "./state.js";

/** The longest a lockout lasts, however many failures came before it. */
const MAX_LOCK_MS = 7 * 24 * 3_600_000;
/** A route's record is forgotten after this long without a failure (keeps the file bounded). */
const ROUTE_MEMORY_MS = 7 * 24 * 3_600_000;
/** How many times more failures a user takes across all routes than one route before backing off. */
const USER_FACTOR = 10;

export interface LockoutStarted {
  /** `user` (all routes) or `route` (this user through this SMSC). */
  scope: "user" | "route";
  until: number;
  /** Failures since the last success on that key. */
  strikes: number;
}

/**
 * Failed attempts, per user and per route (the user's number through one SMSC). Two counts:
 * `threshold` failures within `windowSeconds` lock for `durationSeconds` (a burst), and every
 * failure since the last success is a strike that never decays with time: from `backoffAfter`
 * strikes on, each failure locks, doubling each time (capped at 7 days). So a slow guesser
 * (4 every 15 minutes, under the burst limit) is still stopped: about 17 guesses the first day,
 * then fewer and fewer.
 *
 * Keyed by route so a forger whose SMS come through another SMSC than the real user's (bulk
 * senders, foreign routes) spends his own attempts, not the user's. A forger who also changes
 * the SMSC address at will gets each route's attempts once; the user-wide count (ten times
 * more strikes) stops that too, at the cost of locking the user out, which is announced.
 * Kept in the automation state file: a restart or power cut gives no fresh attempts.
 */
export class Lockouts {
  constructor(
    private readonly state: StateStore,
    private readonly cfg: SecurityConfig["lockout"],
    private readonly clock: Clock,
  ) {}

  /** The later end of a lockout of the user or of this route, if any is running. */
  lockedUntil(user: string, route: string): number | undefined {
    const now = this.clock.now();
    const ends = [user, routeKey(user, route)]
      .map((k) => this.state.data.senders[k]?.lockedUntil)
      .filter((t): t is number => t !== undefined && t > now);
    return ends.length === 0 ? undefined : Math.max(...ends);
  }

  /** Records a failure; resolves (once durable) with the lockout this one started, if any. */
  async fail(user: string, route: string): Promise<LockoutStarted | undefined> {
    const now = this.clock.now();
    const windowMs = this.cfg.windowSeconds * 1000;
    const baseMs = this.cfg.durationSeconds * 1000;
    let started: LockoutStarted | undefined;
    await this.state.update((s) => {
      const count = (key: string, scope: "user" | "route") => {
        const r = s.senders[key] ?? { failures: [] };
        r.failures = r.failures.filter((t) => now - t < windowMs);
        r.failures.push(now);
        r.strikes = (r.strikes ?? 0) + 1;
        r.lastFailure = now;
        const after =
          scope === "user" ? this.cfg.backoffAfter * USER_FACTOR : this.cfg.backoffAfter;
        let lockMs = 0;
        if (r.strikes >= after)
          lockMs = Math.min(MAX_LOCK_MS, baseMs * 2 ** Math.min(30, r.strikes - after));
        else if (scope === "route" && r.failures.length >= this.cfg.threshold) lockMs = baseMs;
        if (lockMs > 0) {
          r.lockedUntil = now + lockMs;
          r.failures = [];
          if (started === undefined || r.lockedUntil > started.until)
            started = { scope, until: r.lockedUntil, strikes: r.strikes };
        }
        s.senders[key] = r;
      };
      count(routeKey(user, route), "route");
      count(user, "user");
      // Keep the file small: forget routes idle for a week with nothing running.
      for (const [k, v] of Object.entries(s.senders))
        if (
          k.includes("|") &&
          (v.lockedUntil ?? 0) <= now &&
          now - (v.lastFailure ?? 0) >= ROUTE_MEMORY_MS
        )
          delete s.senders[k];
    });
    return started;
  }

  /** A successful command clears the failures of the user and of this route. */
  async succeed(user: string, route: string): Promise<void> {
    const keys = [user, routeKey(user, route)];
    if (keys.every((k) => this.state.data.senders[k] === undefined)) return;
    await this.state.update((s) => {
      for (const k of keys) delete s.senders[k];
    });
  }
}

/** The user's number through one SMSC. */
export function routeKey(user: string, route: string): string {
  return `${user}|${route}`;
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
  /** Count only whole chunks of this size (an SMS of 3 parts is 3 or nothing). */
  chunk = 1,
): Promise<number> {
  const recent = (times: number[] | undefined) => (times ?? []).filter((t) => now - t < HOUR);
  if (recent(state.data[bucket][id]).length >= limit) return 0;
  let taken = 0;
  await state.update((s) => {
    const counts = s[bucket];
    // Counted again here: another caller may have counted since.
    const list = recent(counts[id]);
    taken = Math.min(n, Math.max(0, limit - list.length));
    taken -= taken % chunk;
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
