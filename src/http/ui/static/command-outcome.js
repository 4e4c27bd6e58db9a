import { html } from "./html.js";

/** How a remote-command attempt ended, in words (the API's `outcome` names). */
const WORDS = {
  ok: "ran",
  "unknown-sender": "ignored: unknown sender",
  "locked-out": "refused: locked out",
  "rate-limited": "refused: too many commands",
  expired: "not run: too old",
  "bad-syntax": "refused: not understood",
  "not-permitted": "refused: not allowed",
  "missing-secret": "refused: no code",
  "wrong-secret": "refused: wrong code",
  "replayed-code": "refused: code used before",
  "action-failed": "failed",
  "lockout-started": "lockout started",
};

const KIND = { ok: "ok", "wrong-secret": "bad", "lockout-started": "bad", "replayed-code": "bad" };

export function outcomeWords(outcome) {
  return WORDS[outcome] ?? outcome;
}

/** The outcome as a chip: green when it ran, red when someone may be guessing. */
export function OutcomeChip({ outcome }) {
  return html`<span class=${`chip ${KIND[outcome] ?? "warn"}`} data-outcome=${outcome}>${outcomeWords(outcome)}</span>`;
}
