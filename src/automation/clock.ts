/**
 * Time for the automation features: an injectable clock (tests use fake timers, which fake
 * `Date.now` too) and local time of day in a given IANA time zone, for quiet hours.
 */

export interface Clock {
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

export function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat("en-GB", { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

const DAY = 86_400_000;

const formatters = new Map<string, Intl.DateTimeFormat>();

/** Local date and time at `ms` in `timeZone`, written as if it were UTC (epoch ms, whole seconds). */
function wallTime(ms: number, timeZone: string | undefined): number {
  const key = timeZone ?? "";
  let f = formatters.get(key);
  if (f === undefined) {
    f = new Intl.DateTimeFormat("en-GB", {
      ...(timeZone === undefined ? {} : { timeZone }),
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
    });
    formatters.set(key, f);
  }
  const v: Partial<Record<Intl.DateTimeFormatPartTypes, number>> = {};
  for (const p of f.formatToParts(new Date(ms))) v[p.type] = Number(p.value);
  const { year = 1970, month = 1, day = 1, hour = 0, minute = 0, second = 0 } = v;
  return Date.UTC(year, month - 1, day, hour, minute, second);
}

/** Seconds since local midnight in `timeZone` (system zone when undefined). */
export function localSecondOfDay(ms: number, timeZone?: string): number {
  return Math.floor((((wallTime(ms, timeZone) % DAY) + DAY) % DAY) / 1000);
}

function secondsOf(hhmm: string): number {
  const [h, m] = hhmm.split(":");
  return Number(h) * 3600 + Number(m) * 60;
}

export interface DailyWindow {
  start: string;
  end: string;
  timeZone?: string | undefined;
}

/** Whether `ms` falls in the window; `end` before `start` spans midnight. */
export function inDailyWindow(ms: number, w: DailyWindow): boolean {
  const t = localSecondOfDay(ms, w.timeZone);
  const a = secondsOf(w.start);
  const b = secondsOf(w.end);
  if (a === b) return false;
  return a < b ? t >= a && t < b : t >= a || t < b;
}

/**
 * The instants whose local time is `wall` (as from wallTime): usually one, two when clocks go
 * back over it, none when they jump forward over it — then the first instant after the jump.
 */
function instantsOf(wall: number, timeZone: string | undefined): number[] {
  // The zone's offsets a day either side: at most one change lies in between (real zones).
  const before = wallTime(wall - DAY, timeZone) - (wall - DAY);
  const after = wallTime(wall + DAY, timeZone) - (wall + DAY);
  const found = [...new Set([wall - before, wall - after])].filter(
    (t) => wallTime(t, timeZone) === wall,
  );
  if (found.length > 0) return found;
  if (after <= before) return [wall - before]; // no gap after all (not seen in real zones)
  // In the gap: the jump lies in (wall - after, wall - before]; find it to the millisecond.
  let lo = wall - after;
  let hi = wall - before;
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (wallTime(mid, timeZone) >= wall) hi = mid;
    else lo = mid;
  }
  return [hi];
}

/**
 * Milliseconds from `ms` until the window next ends: the first instant at/after `ms` whose
 * local time is `end`, exact across DST changes (a fixed offset would release an hour late or
 * early on those nights). An `end` skipped by clocks jumping forward ends the window at the jump.
 */
export function msUntilWindowEnd(ms: number, w: DailyWindow): number {
  const today = Math.floor(wallTime(ms, w.timeZone) / DAY) * DAY;
  for (let d = 0; d < 3; d++) {
    const wall = today + d * DAY + secondsOf(w.end) * 1000;
    const next = instantsOf(wall, w.timeZone).filter((t) => t >= ms);
    if (next.length > 0) return Math.min(...next) - ms;
  }
  return DAY; // not reached: some day after today has the end time
}

/** `3d 4h 5m` */
export function formatDuration(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 60_000));
  const d = Math.floor(total / 1440);
  const h = Math.floor((total % 1440) / 60);
  const m = total % 60;
  if (d > 0) return `${d}d ${h}h ${m}m`;
  if (h > 0) return `${h}h ${m}m`;
  return `${m}m`;
}
