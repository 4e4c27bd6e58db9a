import { findLine, paramsOf, parseError, splitFields, toInt, unquote } from "./fields.js";

/** Storages 27.005 §3.2.2 names (MM accepts these; anything else is reported as null). */
const STORAGES = new Set(["SM", "ME", "MT", "SR", "BM", "TA"]);
export type Storage = "SM" | "ME" | "MT" | "SR" | "BM" | "TA";

export interface StorageUse {
  /** The storage name, or null when the modem named one we don't know or did not name it. */
  mem: Storage | null;
  raw: string;
  used: number | null;
  total: number | null;
}

/**
 * `AT+CPMS?` → `+CPMS: "SM",3,30,"SM",3,30,"SM",3,30` (spaces allowed; MM cpms_query_test) and
 * the set answer `+CPMS: 14,50,14,50` (counts only; Wavecom). Nokia's `+CPMS: ,,,,,,,,` gives
 * nulls. Throws `at.parse`.
 */
export function parseCpms(input: string | readonly string[]): StorageUse[] {
  const line = findLine(input, "+CPMS");
  if (line === undefined) throw parseError("+CPMS", line);
  const f = splitFields(paramsOf(line, "+CPMS"));
  const named = f.some((x) => x.startsWith('"'));
  const step = named ? 3 : 2;
  const out: StorageUse[] = [];
  for (let i = 0; i + step - 1 < f.length; i += step) {
    const raw = named ? unquote(f[i]!) : "";
    const used = toInt(f[i + step - 2]);
    const total = toInt(f[i + step - 1]);
    out.push({
      mem: STORAGES.has(raw) ? (raw as Storage) : null,
      raw,
      used: used ?? null,
      total: total ?? null,
    });
  }
  return out;
}

/**
 * `AT+CPMS=?` → the storages allowed per slot: `+CPMS: ("ME","MT"),("SM"),("SM","MT")`,
 * the unbracketed `+CPMS: "ME","MT","SM"`, Nokia's `+CPMS: (),(),()`, Wavecom's
 * doubly bracketed `+CPMS: (("SM","BM","SR"),("SM"))`.
 */
export function parseCpmsTest(input: string | readonly string[]): string[][] {
  const line = findLine(input, "+CPMS");
  if (line === undefined) throw parseError("+CPMS=?", line);
  let params = paramsOf(line, "+CPMS");
  const outer = splitFields(params);
  if (outer.length === 1 && /^\(\s*\(/.test(params)) params = params.trim().slice(1, -1);
  return splitFields(params).map((slot) => {
    const inner = slot.replace(/^\(/, "").replace(/\)$/, "").trim();
    if (inner === "") return [];
    return splitFields(inner).map(unquote);
  });
}
