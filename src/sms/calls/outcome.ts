import type { CallEvent } from "./monitor.js";

/**
 * What became of a call once the automation's call triggers looked at it: a command ran
 * (`triggered`), the caller used up its calls this hour (`rate-limited`), no trigger lets this
 * caller (or a withheld number, or no recent SMS code) run one (`not-allowed`), the command
 * failed (`failed`), or no trigger was considered, the automation not running (`ignored`).
 */
export type CallOutcome = "triggered" | "rate-limited" | "not-allowed" | "failed" | "ignored";

export interface CallDecision {
  outcome: CallOutcome;
  /** The trigger that matched the caller. */
  trigger?: string;
  /** Why not, when that is not plain from the outcome (`no-recent-sms-code`, `withheld`). */
  reason?: string;
}

/** A call with what became of it (`<base>/call` when call triggers are configured). */
export type DecidedCall = CallEvent & CallDecision;
