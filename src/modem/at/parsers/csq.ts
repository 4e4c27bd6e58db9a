import { findLine, paramsOf, parseError, splitFields, toInt } from "./fields.js";

export interface SignalQuality {
  /** 0–31, 100–191 (27.007 §8.5 extended range); null for 99 (unknown). */
  rssi: number | null;
  /** RXQUAL 0–7; null for 99. */
  ber: number | null;
  dbm: number | null;
  /** 0–100 over the usable range -113…-51 dBm. */
  percent: number | null;
}

/** 27.007 §8.5: 0 → ≤ -113 dBm, 1 → -111, 2…30 → -109…-53 (2 dB steps), 31 → ≥ -51, 99 unknown. */
export function csqToDbm(rssi: number): number | null {
  if (Number.isInteger(rssi) && rssi >= 0 && rssi <= 31) return -113 + 2 * rssi;
  // TD-SCDMA/extended: 100 → ≤ -116 dBm … 191 → ≥ -25 dBm.
  if (Number.isInteger(rssi) && rssi >= 100 && rssi <= 191) return rssi - 216;
  return null;
}

export function csqToPercent(rssi: number): number | null {
  const dbm = csqToDbm(rssi);
  if (dbm === null) return null;
  return Math.round(Math.min(100, Math.max(0, ((dbm + 113) / 62) * 100)));
}

/** `+CSQ: 18,99`, `+CSQ:4,0` (no space; pgm test_modem.py), `+CSQ: 99,99`. Throws `at.parse`. */
export function parseCsq(input: string | readonly string[]): SignalQuality {
  const line = findLine(input, "+CSQ");
  const [r, b] = splitFields(line === undefined ? "" : paramsOf(line, "+CSQ"));
  const rssi = toInt(r);
  const ber = toInt(b);
  if (line === undefined || rssi === undefined) throw parseError("+CSQ", line);
  const known = rssi === 99 ? null : rssi;
  return {
    rssi: known,
    ber: ber === undefined || ber === 99 ? null : ber,
    dbm: known === null ? null : csqToDbm(known),
    percent: known === null ? null : csqToPercent(known),
  };
}
