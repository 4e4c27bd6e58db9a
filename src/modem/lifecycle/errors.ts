import { isSmsgwError } from "../../errors.js";

/** The module did not answer (or the port is gone): a lifecycle fault, not a refusal. */
export function isNoAnswer(err: unknown): boolean {
  return (
    isSmsgwError(err) &&
    (err.code === "at.timeout" || err.code === "at.closed" || err.code === "at.prompt-timeout")
  );
}

export function cmeOf(err: unknown): number | undefined {
  return isSmsgwError(err) && typeof err.details.cme === "number" ? err.details.cme : undefined;
}

/** `+CME ERROR: SIM not inserted` (CMEE=2) and `+CME ERROR: 10` are the same. */
export function cmeText(err: unknown): string {
  if (!isSmsgwError(err)) return "";
  const final = err.details.final;
  return typeof final === "string" ? final.toUpperCase() : "";
}
