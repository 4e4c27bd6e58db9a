import { createHash } from "node:crypto";

/**
 * An event id that follows from what the event is about (`sms.received:<message id>`): an SMS
 * announced again (after a restart, before the broker acknowledged it) gets the id it had, so
 * a receiver can drop the duplicate even if the gateway's own memory of it was lost.
 */
export function eventIdOf(key: string): string {
  return `evt_${createHash("sha256").update(key).digest("base64url").slice(0, 26)}`;
}
