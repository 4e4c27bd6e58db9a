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

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string | undefined): Intl.DateTimeFormat {
  const key = timeZone ?? "";
  let f = formatters.get(key);
  if (f === undefined) {
    f = new Intl.DateTimeFormat("en-GB", {
      ...(timeZone === undefined ? {} : { timeZone }),
      hourCycle: "h23",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
    });
    formatters.set(key, f);
  }
  return f;
}

/** Seconds since local midnight in `timeZone` (system zone when undefined). */
export function localSecondOfDay(ms: number, timeZone?: string): number {
  let h = 0;
  let m = 0;
  let s = 0;
  for (const p of formatter(timeZone).formatToParts(new Date(ms))) {
    if (p.type === "hour") h = Number(p.value);
    else if (p.type === "minute") m = Number(p.value);
    else if (p.type === "second") s = Number(p.value);
  }
  return h * 3600 + m * 60 + s;
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
 * Milliseconds from `ms` until the window next ends. Uses the current UTC offset, so across a
 * DST change it is off by that hour at most (the caller re-checks when the timer fires).
 */
export function msUntilWindowEnd(ms: number, w: DailyWindow): number {
  const t = localSecondOfDay(ms, w.timeZone);
  const delta = (secondsOf(w.end) - t + 86_400) % 86_400;
  return (delta === 0 ? 86_400 : delta) * 1000 - (ms % 1000);
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
