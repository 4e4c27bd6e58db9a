/**
 * Final result codes (V.250 §5.7, 27.007 §9.2, 27.005 §3.2.5) and the non-standard ones seen
 * in the field (Huawei E1752 `COMMAND NOT SUPPORT`, MM mm-serial-parsers.c).
 */
export type FinalResult =
  | { kind: "ok"; line: string }
  | { kind: "error"; line: string }
  | { kind: "cme"; line: string; code?: number; text?: string }
  | { kind: "cms"; line: string; code?: number; text?: string }
  | { kind: "not-supported"; line: string }
  | { kind: "no-carrier"; line: string }
  | { kind: "call-failed"; line: string };

const CME = /^\+CME ERROR:\s*(.*)$/i;
const CMS = /^\+CMS ERROR:\s*(.*)$/i;

/** The final result this line is, or undefined for any other line. */
export function parseFinal(line: string): FinalResult | undefined {
  switch (line.toUpperCase()) {
    case "OK":
    case "CONNECT":
      return { kind: "ok", line };
    case "ERROR":
      return { kind: "error", line };
    case "COMMAND NOT SUPPORT":
      return { kind: "not-supported", line };
    case "NO CARRIER":
      return { kind: "no-carrier", line };
    case "BUSY":
    case "NO ANSWER":
    case "NO DIALTONE":
      return { kind: "call-failed", line };
  }
  if (line.startsWith("CONNECT ")) return { kind: "ok", line };
  const cme = CME.exec(line);
  if (cme) return { kind: "cme", line, ...codeOrText(cme[1] ?? "") };
  const cms = CMS.exec(line);
  if (cms) return { kind: "cms", line, ...codeOrText(cms[1] ?? "") };
  return undefined;
}

/** `+CME ERROR: 10` (AT+CMEE=1) or `+CME ERROR: SIM not inserted` (AT+CMEE=2). */
function codeOrText(rest: string): { code?: number; text?: string } {
  const value = rest.trim();
  if (/^\d+$/.test(value)) return { code: Number(value) };
  return value === "" ? {} : { text: value };
}
