import type { Urc } from "./types.js";

/**
 * URCs we know (27.005 §3.4.1, 27.007, SIMCom/Quectel manuals). Prefixed ones
 * by name; bare ones by exact text or pattern (SIM800 spells `UNDER-VOLTAGE WARNNING`, Quectel
 * `UNDER_VOLTAGE WARNING`, so voltage alarms match by pattern).
 */
const PREFIXED = new Set([
  "+CMTI",
  "+CMT",
  "+CDS",
  "+CDSI",
  "+CBM",
  "+CBMI",
  "+CREG",
  "+CGREG",
  "+CEREG",
  "+C5GREG",
  "+CRING",
  "+CLIP",
  "+CCWA",
  "+CPIN",
  "+CFUN",
  "+QIND",
  "+QUSIM",
  "+CUSD",
  "+CIEV",
  "+CTZV",
  "+CTZE",
  "+CGEV",
  "+CUSATP",
  "+WIND",
  "+ZDONR",
  "+ZPASR",
  "^ORIG",
  "^CONF",
  "^CONN",
  "^CEND",
  "^RSSI",
  "^MODE",
  "^BOOT",
  "^SRVST",
  "^SIMST",
]);

const BARE = new Set([
  "RING",
  "RDY",
  "CALL READY",
  "SMS READY",
  "SMS DONE",
  "PB DONE",
  "NORMAL POWER DOWN",
  "NORMAL POWER OFF",
  "POWERED DOWN",
  "NO CARRIER",
]);

const BARE_PATTERNS = [/^(UNDER|OVER)[-_ ]VOLTAGE\b/i, /^HANGUP:/i, /^\+PDP: DEACT/i];

/** `+XXX:` / `^XXX:` / `$XXX:` name of a line, or undefined for a bare line. */
export function prefixName(line: string): string | undefined {
  const m = /^([+^$%*#][A-Za-z0-9_]+)\s*:/.exec(line);
  return m ? m[1]!.toUpperCase() : undefined;
}

export function isKnownUrc(line: string): boolean {
  const name = prefixName(line);
  if (name !== undefined) return PREFIXED.has(name);
  const upper = line.toUpperCase();
  return BARE.has(upper) || BARE_PATTERNS.some((re) => re.test(line));
}

/**
 * `+CMT` and `+CBM` always carry a second line; `+CDS` only in PDU mode (`+CDS: <len>`,
 * ZTE `+CDS: ,<len>`), not the one-line text-mode form `+CDS: <fo>,<mr>,…` (27.005 §3.4.1).
 */
export function isTwoLineUrc(line: string): boolean {
  const name = prefixName(line);
  if (name === "+CMT" || name === "+CBM") return true;
  if (name === "+CDS") return /^\+CDS:\s*,?\s*\d+\s*$/i.test(line);
  return false;
}

export function parseUrc(line: string, pdu?: string): Urc {
  const name = prefixName(line);
  const known = isKnownUrc(line);
  const urc: Urc =
    name === undefined
      ? { name: line, line, params: "", known }
      : { name, line, params: line.slice(line.indexOf(":") + 1).trim(), known };
  if (pdu !== undefined) urc.pdu = pdu;
  return urc;
}
