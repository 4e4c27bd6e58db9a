import type { InboundMessage } from "../sms/types.js";

/** How far an SMSC's clock may be off without a fresh command counting as old. */
export const SMSC_SKEW = 5 * 60_000;

/**
 * When the command was sent: the network's timestamp (SCTS), not when the gateway read it: an
 * SMS that waited at the SMSC for days (gateway off, no coverage, SIM full) is days old. An
 * SCTS further ahead of our clock than an SMSC's clock error can't be placed; then the time
 * the gateway read it is all there is.
 */
export function commandTime(m: InboundMessage, now: number): number {
  const read = Date.parse(m.receivedAt);
  const scts = m.timestamp === undefined ? Number.NaN : Date.parse(m.timestamp);
  if (!Number.isFinite(scts) || scts - now > SMSC_SKEW) return read;
  return Math.min(scts, read);
}

/** `2026-11-30T06:00:00+01:00` → `30 Nov 06:00`, in the sender's own offset as the SMSC wrote it. */
export function dayAndTime(iso: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})/.exec(iso);
  if (m === null) return iso;
  const month = [
    "Jan",
    "Feb",
    "Mar",
    "Apr",
    "May",
    "Jun",
    "Jul",
    "Aug",
    "Sep",
    "Oct",
    "Nov",
    "Dec",
  ][Number(m[2]) - 1];
  return `${Number(m[3])} ${month} ${m[4]}:${m[5]}`;
}
