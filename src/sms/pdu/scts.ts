import { PduError } from "./errors.js";
import type { Writer } from "./reader.js";

/**
 * Service centre time stamps (23.040 §9.2.3.11): seven swapped-BCD octets YY MM DD hh mm ss TZ.
 * TZ counts quarter hours; bit 3 of the raw octet is the sign, the rest is swapped BCD.
 */

/** Swapped BCD → number; non-BCD nibbles are taken at face value (broken SCs send them). */
function swapped(b: number): number {
  return (b & 0x0f) * 10 + (b >> 4);
}

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

/** Seven octets at `offset` → ISO 8601 with the offset, e.g. `2013-03-08T15:02:16+02:00`. */
export function decodeScts(b: Uint8Array, offset: number): string {
  const yy = swapped(b[offset]!);
  // 23.040 gives two digits; Android and gammu read 90–99 as the 1990s.
  const year = yy >= 90 && yy <= 99 ? 1900 + yy : 2000 + yy;
  const tz = b[offset + 6]!;
  const quarters = (tz & 0x07) * 10 + (tz >> 4);
  const minutes = quarters * 15;
  const sign = tz & 0x08 ? "-" : "+";
  return (
    `${year}-${pad2(swapped(b[offset + 1]!))}-${pad2(swapped(b[offset + 2]!))}` +
    `T${pad2(swapped(b[offset + 3]!))}:${pad2(swapped(b[offset + 4]!))}:${pad2(swapped(b[offset + 5]!))}` +
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
