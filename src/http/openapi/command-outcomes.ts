/**
 * How a remote-command attempt ends, as the automation audits it (its `CommandOutcome`): the
 * HTTP layer may not import the automation, so the names are repeated here for the schemas.
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
  "lockout-started",
] as const;

export type CommandOutcomeName = (typeof COMMAND_OUTCOMES)[number];
