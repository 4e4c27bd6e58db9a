import { type FinalResult, parseFinal } from "./result-codes.js";
import { isKnownUrc, isTwoLineUrc, prefixName } from "./urc.js";

/**
 * Commands that also produce URCs with their own name: after a *set* (`AT+CREG=2`,
 * `AT+CPIN="…"`, `AT+CFUN=1`) a `+CREG:`/`+CPIN: READY`/`+CFUN: 1` line is unsolicited, while
 * after a query (`AT+CREG?`) it is the answer (MM mm_3gpp_creg_regex_get(solicited)).
 */
const URC_ALSO = new Set([
  "+CREG",
  "+CGREG",
  "+CEREG",
  "+C5GREG",
  "+CFUN",
  "+CPIN",
  "+CUSD",
  "+CLIP",
]);

/** The answer prefix a command implies (`AT+CSQ` → `+CSQ:`), or undefined (basic commands). */
export function impliedPrefix(command: string): string | undefined {
  const m = /^AT([+^$%*#][A-Za-z0-9_]+)(.*)$/i.exec(command.trim());
  if (!m) return undefined;
  const name = m[1]!.toUpperCase();
  const rest = m[2]!.trim();
  if (rest.startsWith("=") && rest !== "=?" && URC_ALSO.has(name)) return undefined;
  return `${name}:`;
}

/** What the channel knows about the command on the wire, for classifying a line. */
export interface ActiveContext {
  command: string;
  /** Explicit `expect`, or the implied prefix. */
  match?: string | RegExp;
  explicit: boolean;
  /** The data sent after the prompt, for recognising its echo. */
  data?: string;
}

export type LineClass =
  | { kind: "echo" }
  | { kind: "final"; result: FinalResult }
  | { kind: "response" }
  | { kind: "urc"; twoLine: boolean }
  | { kind: "stray-final"; result: FinalResult };

export function matches(line: string, match: string | RegExp): boolean {
  if (typeof match === "string") return line.toUpperCase().startsWith(match.toUpperCase());
  match.lastIndex = 0;
  return match.test(line);
}

/** Classify one framed line, given the command on the wire (if any). Pure. */
export function classifyLine(line: string, active: ActiveContext | undefined): LineClass {
  if (active === undefined) {
    // Late echo of a command that timed out, or echo of one sent by someone else.
    if (/^AT/i.test(line) && prefixName(line) === undefined) return { kind: "echo" };
    const result = parseFinal(line);
    // NO CARRIER while idle is a call ending, not an answer.
    if (result && result.kind !== "no-carrier") return { kind: "stray-final", result };
    return { kind: "urc", twoLine: isTwoLineUrc(line) };
  }
  if (isEcho(line, active)) return { kind: "echo" };
  const result = parseFinal(line);
  if (result) return { kind: "final", result };
  if (active.match !== undefined && matches(line, active.match)) return { kind: "response" };
  if (isTwoLineUrc(line)) return { kind: "urc", twoLine: true };
  if (isKnownUrc(line)) return { kind: "urc", twoLine: false };
  // With an explicit expect, a foreign `+XXX:` line is unsolicited (ZTE +ZDONR inside CMGS).
  if (active.explicit && prefixName(line) !== undefined) return { kind: "urc", twoLine: false };
  return { kind: "response" };
}

function isEcho(line: string, active: ActiveContext): boolean {
  if (line.length >= 2 && line.toUpperCase() === active.command.toUpperCase()) return true;
  // With echo on, the PDU typed after the prompt comes back (Ctrl-Z already dropped).
  return active.data !== undefined && (line === active.data || line === `> ${active.data}`);
}
