import { PduError } from "./errors.js";
import { decodeScts } from "./scts.js";

/** TP-VP as decoded (23.040 §9.2.3.12). */
export type Validity =
  | { format: "relative"; seconds: number }
  /** `timestamp` is null when the octets are not a valid time (see `warnings`). */
  | { format: "absolute"; timestamp: string | null }
  | { format: "enhanced"; hex: string };

const MINUTE = 60;
const HOUR = 3600;
const DAY = 86_400;
const WEEK = 7 * DAY;

/** Relative TP-VP octet → seconds (23.040 §9.2.3.12.1). */
export function relativeVpSeconds(vp: number): number {
  if (vp <= 143) return (vp + 1) * 5 * MINUTE;
  if (vp <= 167) return 12 * HOUR + (vp - 143) * 30 * MINUTE;
  if (vp <= 196) return (vp - 166) * DAY;
  return (vp - 192) * WEEK;
}

/**
 * Seconds → the smallest relative TP-VP that is at least that long, so a message never expires
 * earlier than asked; beyond 63 weeks it is capped at 0xFF.
 */
export function relativeVpOctet(seconds: number): number {
  if (!Number.isFinite(seconds) || seconds <= 0)
    throw new PduError(
      "invalid-option",
      `validity must be a positive number of seconds, got ${seconds}`,
    );
  if (seconds <= 12 * HOUR) return Math.max(0, Math.ceil(seconds / (5 * MINUTE)) - 1);
  if (seconds <= DAY) return 143 + Math.ceil((seconds - 12 * HOUR) / (30 * MINUTE));
  if (seconds <= 30 * DAY) return Math.max(168, 166 + Math.ceil(seconds / DAY));
  if (seconds <= 63 * WEEK) return Math.max(197, 192 + Math.ceil(seconds / WEEK));
  return 255;
}

export function decodeAbsoluteVp(b: Uint8Array, offset: number): Validity {
  return { format: "absolute", timestamp: decodeScts(b, offset) };
}
