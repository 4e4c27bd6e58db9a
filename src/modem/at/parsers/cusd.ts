import { parseError } from "./fields.js";

/**
 * `+CUSD: <m>[,"<str>"[,<dcs>]]` (27.007 §7.15): what the network said about a USSD dialogue.
 * `m`: 0 no further action, 1 further action required (a menu waits for a reply), 2 terminated
 * by the network, 3 another local client responded, 4 operation not supported, 5 network
 * time-out.
 */
export interface CusdResult {
  m: 0 | 1 | 2 | 3 | 4 | 5;
  /** The string as the module printed it (text, packed or UCS-2 hex); absent when none came. */
  str?: string;
  dcs?: number;
}

/**
 * The string is read up to the last quote of the line, so a reply that itself holds quotes or
 * commas (`"Balance: 1,50 EUR"`) stays whole.
 */
const CUSD = /^\+CUSD:\s*(\d)\s*(?:,\s*"(.*)"\s*(?:,\s*(\d+)\s*)?)?$/is;
/** Some firmware leaves the string unquoted (hex only). */
const UNQUOTED = /^\+CUSD:\s*(\d)\s*,\s*([0-9A-Fa-f]*)\s*(?:,\s*(\d+)\s*)?$/i;

export function parseCusd(line: string): CusdResult {
  const t = line.trim();
  const m = CUSD.exec(t) ?? UNQUOTED.exec(t);
  const code = m === null ? Number.NaN : Number(m[1]);
  if (m === null || !(code >= 0 && code <= 5)) throw parseError("+CUSD", line);
  const out: CusdResult = { m: code as CusdResult["m"] };
  if (m[2] !== undefined) out.str = m[2];
  if (m[3] !== undefined) out.dcs = Number(m[3]);
  return out;
}
