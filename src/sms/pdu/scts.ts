import { PduError } from "./errors.js";
import type { Writer } from "./reader.js";

/**
 * Service centre time stamps (23.040 §9.2.3.11): seven swapped-BCD octets YY MM DD hh mm ss TZ.
 * TZ counts quarter hours; bit 3 of the raw octet is the sign, the rest is swapped BCD.
 */

/** Swapped BCD → number, or -1 when a nibble is not a decimal digit. */
function swapped(b: number): number {
  const lo = b & 0x0f;
  const hi = b >> 4;
  return lo > 9 || hi > 9 ? -1 : lo * 10 + hi;
}

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function daysIn(year: number, month: number): number {
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  return month === 2 && leap ? 29 : DAYS_IN_MONTH[month - 1]!;
}

/** Time zones lie within ±18 h (ISO 8601 offsets as JavaScript and java.time accept them). */
const MAX_TZ_QUARTERS = 18 * 4;

/**
 * Seven octets at `offset` → ISO 8601 with the offset, e.g. `2013-03-08T15:02:16+02:00`, or
 * null when a date or time digit is not decimal or the time can't exist (month 13, 31 April,
 * 25 o'clock, an offset beyond 18 h). A non-decimal TZ digit is read at face value, as
 * broken SCs send one (`A0` = +02:30) and the result is still a real offset.
 */
export function decodeScts(b: Uint8Array, offset: number): string | null {
  const yy = swapped(b[offset]!);
  const month = swapped(b[offset + 1]!);
  const day = swapped(b[offset + 2]!);
  const hour = swapped(b[offset + 3]!);
  const minute = swapped(b[offset + 4]!);
  const second = swapped(b[offset + 5]!);
  const tz = b[offset + 6]!;
  const quarters = (tz & 0x07) * 10 + (tz >> 4);
  if (yy < 0 || month < 1 || month > 12 || day < 1 || hour < 0 || hour > 23) return null;
  if (minute < 0 || minute > 59 || second < 0 || second > 59) return null;
  if (quarters > MAX_TZ_QUARTERS) return null;
  // 23.040 gives two digits; Android and gammu read 90–99 as the 1990s.
  const year = yy >= 90 ? 1900 + yy : 2000 + yy;
  if (day > daysIn(year, month)) return null;
  const minutes = quarters * 15;
  const sign = tz & 0x08 ? "-" : "+";
  return (
    `${year}-${pad2(month)}-${pad2(day)}T${pad2(hour)}:${pad2(minute)}:${pad2(second)}` +
    `${sign}${pad2(Math.floor(minutes / 60))}:${pad2(minutes % 60)}`
  );
}

function bcd(n: number): number {
  return ((n % 10) << 4) | (Math.floor(n / 10) % 10);
}

/** A moment as the SC's local time at `tzOffsetMinutes` (rounded to quarter hours). */
export function writeScts(w: Writer, at: Date, tzOffsetMinutes: number): void {
  if (Number.isNaN(at.getTime())) throw new PduError("invalid-option", "invalid timestamp");
  const quarters = Math.round(tzOffsetMinutes / 15);
  if (!Number.isFinite(quarters) || Math.abs(quarters) > 79)
    throw new PduError("invalid-option", `time zone offset ${tzOffsetMinutes} min out of range`);
  const local = new Date(at.getTime() + quarters * 15 * 60_000);
  w.u8(bcd(local.getUTCFullYear() % 100));
  w.u8(bcd(local.getUTCMonth() + 1));
  w.u8(bcd(local.getUTCDate()));
  w.u8(bcd(local.getUTCHours()));
  w.u8(bcd(local.getUTCMinutes()));
  w.u8(bcd(local.getUTCSeconds()));
  const q = Math.abs(quarters);
  w.u8(((q % 10) << 4) | Math.floor(q / 10) | (quarters < 0 ? 0x08 : 0));
}
