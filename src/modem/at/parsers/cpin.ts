import { findLine, toLines, unquote } from "./fields.js";

/** 27.007 §8.3 `<code>` values, plus UNKNOWN for anything else (or an error line). */
export type SimState =
  | "READY"
  | "SIM PIN"
  | "SIM PUK"
  | "SIM PIN2"
  | "SIM PUK2"
  | "PH-SIM PIN"
  | "PH-FSIM PIN"
  | "PH-FSIM PUK"
  | "PH-NET PIN"
  | "PH-NET PUK"
  | "PH-NETSUB PIN"
  | "PH-NETSUB PUK"
  | "PH-SP PIN"
  | "PH-SP PUK"
  | "PH-CORP PIN"
  | "PH-CORP PUK"
  | "NOT READY"
  | "NOT INSERTED"
  | "UNKNOWN";

const STATES = new Set<string>([
  "READY",
  "SIM PIN",
  "SIM PUK",
  "SIM PIN2",
  "SIM PUK2",
  "PH-SIM PIN",
  "PH-FSIM PIN",
  "PH-FSIM PUK",
  "PH-NET PIN",
  "PH-NET PUK",
  "PH-NETSUB PIN",
  "PH-NETSUB PUK",
  "PH-SP PIN",
  "PH-SP PUK",
  "PH-CORP PIN",
  "PH-CORP PUK",
  "NOT READY",
  "NOT INSERTED",
]);

/**
 * `+CPIN: READY`, `+CPIN: "SIM PIN"` (quoted), `   SIM PUK` (prefix missing; MM
 * mm_parse_cpin_response). A missing SIM is an error (`+CME ERROR: 10`), never a value here.
 */
export function parseCpin(input: string | readonly string[]): SimState {
  const line =
    findLine(input, "+CPIN") ?? toLines(input).find((l) => !/^(OK|ERROR|\+CM[ES] ERROR)/i.test(l));
  if (line === undefined) return "UNKNOWN";
  const value = unquote(line.replace(/^\+CPIN\s*:\s*/i, ""))
    .trim()
    .toUpperCase()
    .replace(/\s+/g, " ");
  return STATES.has(value) ? (value as SimState) : "UNKNOWN";
}
