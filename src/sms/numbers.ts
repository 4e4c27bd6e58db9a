import { SmsgwError } from "../errors.js";

/**
 * Recipient numbers as users write them → the form the codec puts in TP-DA:
 * `+<7–15 digits>` (E.164, "00" prefix accepted), a national number (leading 0, or 9–15
 * digits), or a short code (3–8 digits). Separators people type (spaces, dashes, dots,
 * parentheses, slashes) are dropped. Anything else is `sms.invalid-number` with the reason.
 */
export type NumberKind = "international" | "national" | "short";

export interface NormalisedNumber {
  number: string;
  kind: NumberKind;
}

const SEPARATORS = /[\s\-./()]/g;

export function normaliseNumber(input: unknown): NormalisedNumber {
  if (typeof input !== "string") throw invalid(String(input), "a phone number must be a string");
  const raw = input.trim();
  if (raw === "") throw invalid(input, "the phone number is empty");
  let s = raw.replace(SEPARATORS, "");
  if (s.startsWith("00")) s = `+${s.slice(2)}`;
  if (s.startsWith("+")) {
    const digits = s.slice(1);
    if (!/^\d+$/.test(digits)) throw invalid(input, "only digits may follow the +");
    if (digits.startsWith("0")) throw invalid(input, "a country code never starts with 0");
    // E.164 §6: at most 15 digits; the shortest real international numbers have 7.
    if (digits.length < 7 || digits.length > 15)
      throw invalid(input, `an international number has 7 to 15 digits, not ${digits.length}`);
    return { number: `+${digits}`, kind: "international" };
  }
  if (!/^\d+$/.test(s)) {
    if (/[a-z]/i.test(s)) throw invalid(input, "letters are not allowed in a recipient number");
    throw invalid(input, "a phone number has only digits, with an optional leading +");
  }
  if (s.startsWith("0")) {
    if (s.length < 6 || s.length > 15)
      throw invalid(input, `a national number has 6 to 15 digits, not ${s.length}`);
    return { number: s, kind: "national" };
  }
  if (s.length >= 3 && s.length <= 8) return { number: s, kind: "short" };
  if (s.length >= 9 && s.length <= 15) return { number: s, kind: "national" };
  throw invalid(input, `a short code has 3 to 8 digits, a number 9 to 15; got ${s.length}`);
}

/**
 * Whether two numbers name the same line even in different forms (`+4917012345678` in the
 * request, `017012345678` in a status report): the trailing subscriber digits agree.
 */
export function sameNumber(a: string, b: string): boolean {
  const da = a.replace(/\D/g, "");
  const db = b.replace(/\D/g, "");
  if (da === db) return true;
  // Short codes only match exactly; longer numbers by their last (up to 9) digits.
  const n = Math.min(da.length, db.length, 9);
  return n >= 7 && da.slice(-n) === db.slice(-n);
}

function invalid(input: string, reason: string): SmsgwError {
  return new SmsgwError("sms.invalid-number", `invalid phone number "${input}": ${reason}`, {
    details: { input, reason },
  });
}
