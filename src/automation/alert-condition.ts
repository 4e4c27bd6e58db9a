import type { AlertRuleConfig } from "./config-schema.js";
import { toNumber } from "./json-path.js";

/**
 * The pure part of an alert rule: does a value start an alert, and does it end one? With
 * hysteresis H a `> T` alert starts above T and ends only at or below T − H (a `< T` alert
 * ends at or above T + H), so a value dithering around T sends one alert, not dozens.
 */
export type Verdict = "enter" | "exit" | "hold" | "ignore";

export function compare(op: string, v: unknown, t: unknown): boolean | undefined {
  if (op === "==" || op === "!=") {
    const nv = toNumber(v);
    const nt = toNumber(t);
    const eq = nv !== undefined && nt !== undefined ? nv === nt : String(v) === String(t);
    return op === "==" ? eq : !eq;
  }
  const n = toNumber(v);
  const th = toNumber(t);
  if (n === undefined || th === undefined) return undefined;
  switch (op) {
    case ">":
      return n > th;
    case "<":
      return n < th;
    case ">=":
      return n >= th;
    case "<=":
      return n <= th;
    default:
      return undefined;
  }
}

/** For threshold conditions: what `value` means given whether the alert is active now. */
export function judge(rule: AlertRuleConfig, value: unknown, active: boolean): Verdict {
  const op = rule.condition;
  const hit = compare(op, value, rule.threshold);
  if (hit === undefined) return "ignore"; // not a number where one is needed: not evidence either way
  if (!active) return hit ? "enter" : "hold";
  let stillOn = hit;
  if (rule.hysteresis > 0 && typeof rule.threshold === "number") {
    const shift =
      op === ">" || op === ">="
        ? -rule.hysteresis
        : op === "<" || op === "<="
          ? rule.hysteresis
          : 0;
    stillOn = compare(op, value, rule.threshold + shift) === true;
  }
  return stillOn ? "hold" : "exit";
}

/** Equality of two readings for `changed` (numbers by value, objects by JSON). */
export function sameReading(a: unknown, b: unknown): boolean {
  const na = toNumber(a);
  const nb = toNumber(b);
  if (na !== undefined && nb !== undefined && typeof a !== "boolean" && typeof b !== "boolean")
    return na === nb;
  return JSON.stringify(a) === JSON.stringify(b);
}
