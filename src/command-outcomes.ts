/**
 * How a remote-command attempt ends, as the automation audits it: one list for the automation's
 * type, the HTTP schemas and the metrics' labels (a top-level module every layer may read).
 */
export const COMMAND_OUTCOMES = [
  "ok",
  "unknown-sender",
  "locked-out",
  "rate-limited",
  "expired",
  "bad-syntax",
  "not-permitted",
  "missing-secret",
  "wrong-secret",
  "replayed-code",
  "action-failed",
  /** Not an attempt: the attempt before it started a lockout (see lockedUntil, scope). */
  "lockout-started",
] as const;

export type CommandOutcomeName = (typeof COMMAND_OUTCOMES)[number];
