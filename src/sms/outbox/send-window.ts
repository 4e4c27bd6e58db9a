import { SmsgwError } from "../../errors.js";
import type { SendWindow } from "../options.js";

/**
 * Local-time send window ("08:00"–"20:00", optionally on some weekdays only). `end` before
 * `start` spans midnight: the window belongs to the day it opens on.
 */
export function parseClock(s: string): number {
  const m = /^(\d{1,2}):(\d{2})$/.exec(s.trim());
  const h = Number(m?.[1]);
  const min = Number(m?.[2]);
  if (m === null || h > 24 || min > 59 || (h === 24 && min > 0))
    throw new SmsgwError("sms.invalid-request", `send window time "${s}" is not HH:MM`);
  return h * 60 + min;
}

/** Epoch ms when sending may happen: `now` if the window is open, else its next opening. */
export function nextWindowOpen(window: SendWindow | null, now: number): number {
  if (window === null) return now;
  const start = parseClock(window.start);
  const end = parseClock(window.end);
  if (start === end) return now; // a window of 24 h
  const days = window.days;
  // Look at the window opening on yesterday (spans midnight) through a week ahead.
  for (let offset = -1; offset <= 7; offset++) {
    const day = new Date(now);
    day.setHours(0, 0, 0, 0);
    day.setDate(day.getDate() + offset);
    if (days !== undefined && days.length > 0 && !days.includes(day.getDay())) continue;
    const open = atMinutes(day, start);
    const close = end > start ? atMinutes(day, end) : atMinutes(nextDay(day), end);
    if (now < close && now >= open) return now;
    if (open > now) return open;
  }
  return Number.POSITIVE_INFINITY; // no weekday selected
}

function atMinutes(day: Date, minutes: number): number {
  const d = new Date(day);
  d.setHours(Math.floor(minutes / 60), minutes % 60, 0, 0);
  return d.getTime();
}

function nextDay(day: Date): Date {
  const d = new Date(day);
  d.setDate(d.getDate() + 1);
  return d;
}
