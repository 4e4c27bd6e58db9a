import { PduError } from "./errors.js";
import {
  ESC,
  LANGUAGE_IDS,
  lockingTable,
  type NationalLanguage,
  singleShiftEntries,
} from "./gsm7-tables.js";

/**
 * Lookup tables for one (locking, single-shift) pair, built once and cached: encoding is one
 * typed-array read per character, decoding one per septet.
 */
export interface Gsm7Charset {
  readonly locking: number;
  readonly single: number;
  /** UTF-16 unit → septet (0–127), `0x100 | code` for an ESC pair, -1 if not in the alphabet. */
  readonly encode: Int16Array;
  /** Septet → UTF-16 unit in the locking table. */
  readonly base: Uint16Array;
  /** Code after ESC → UTF-16 unit, -1 if the single-shift table has no character there. */
  readonly ext: Int32Array;
}

const cache = new Map<number, Gsm7Charset>();

export function gsm7Charset(locking = 0, single = 0): Gsm7Charset {
  const key = locking * 256 + single;
  let cs = cache.get(key);
  if (cs === undefined) {
    cs = build(locking, single);
    cache.set(key, cs);
  }
  return cs;
}

function build(locking: number, single: number): Gsm7Charset {
  const table = lockingTable(locking);
  const encode = new Int16Array(65536).fill(-1);
  const base = new Uint16Array(128);
  const ext = new Int32Array(128).fill(-1);
  for (const [code, char] of singleShiftEntries(single)) {
    ext[code] = char.charCodeAt(0);
    encode[char.charCodeAt(0)] = 0x100 | code;
  }
  // Locking-table characters win over ESC pairs: one septet instead of two.
  for (let code = 0; code < 128; code++) {
    const unit = table.charCodeAt(code);
    base[code] = code === ESC ? 0x20 : unit;
    if (code !== ESC) encode[unit] = code;
  }
  return { locking, single, encode, base, ext };
}

export function languageId(lang: NationalLanguage | undefined): number {
  if (lang === undefined) return 0;
  const id = Object.hasOwn(LANGUAGE_IDS, lang) ? LANGUAGE_IDS[lang] : undefined;
  if (id === undefined)
    throw new PduError(
      "invalid-option",
      `unknown national language "${String(lang)}" (turkish, spanish, portuguese)`,
    );
  return id;
}

/**
 * Encodes text into `out` as septets (ESC pairs included). Returns the septet count, or -1
 * when a character is not in the alphabet.
 */
export function textToSeptets(text: string, cs: Gsm7Charset, out: Uint8Array): number {
  const enc = cs.encode;
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const v = enc[text.charCodeAt(i)]!;
    if (v < 0) return -1;
    if (v > 0xff) {
      out[n++] = ESC;
      out[n++] = v & 0x7f;
    } else out[n++] = v;
  }
  return n;
}

/** Whether every character of `text` is in the alphabet (no allocation). */
export function isGsm7Encodable(text: string, cs: Gsm7Charset = gsm7Charset()): boolean {
  const enc = cs.encode;
  for (let i = 0; i < text.length; i++) if (enc[text.charCodeAt(i)]! < 0) return false;
  return true;
}

/**
 * Septets → text. 23.038 §6.2.1.1: an ESC followed by a code the single-shift table lacks shows
 * the locking-table character; ESC ESC (reserved for a further table) and a trailing ESC show
 * as a space.
 */
export function septetsToText(
  septets: Uint8Array,
  start: number,
  end: number,
  cs: Gsm7Charset,
): string {
  const units: number[] = [];
  const { base, ext } = cs;
  for (let i = start; i < end; i++) {
    const s = septets[i]!;
    if (s !== ESC) {
      units.push(base[s]!);
      continue;
    }
    if (i + 1 >= end) {
      units.push(0x20);
      break;
    }
    const code = septets[++i]!;
    const unit = ext[code]!;
    units.push(unit >= 0 ? unit : code === ESC ? 0x20 : base[code]!);
  }
  return String.fromCharCode.apply(null, units);
}
