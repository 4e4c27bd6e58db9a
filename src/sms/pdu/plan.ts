import type { Encoding } from "./dcs.js";
import { PduError } from "./errors.js";
import {
  type Gsm7Charset,
  gsm7Charset,
  languageId,
  septetsToText,
  textToSeptets,
} from "./gsm7-charset.js";
import { ESC, hasLockingTable, hasSingleShiftTable, type NationalLanguage } from "./gsm7-tables.js";
import { isHighSurrogate, isLowSurrogate } from "./ucs2.js";

export interface NationalOptions {
  locking?: NationalLanguage;
  single?: NationalLanguage;
}

export interface PlanOptions {
  encoding?: "auto" | "gsm7" | "ucs2";
  maxParts?: number;
  national?: NationalOptions;
  /** Concatenation reference size; 16 costs one more header octet per part. */
  refBits?: 8 | 16;
}

/** How a text is cut into parts. Part i covers [bounds[i], bounds[i+1]) in septets or UTF-16 units. */
export interface Plan {
  encoding: "gsm7" | "ucs2";
  /** GSM 7-bit: the charset and the whole text's septets (ESC pairs included; a shared buffer,
   * valid until the next makePlan call). */
  charset: Gsm7Charset | null;
  septets: Uint8Array | null;
  text: string;
  bounds: number[];
  refBits: 8 | 16;
}

export const DEFAULT_MAX_PARTS = 10;
/** 23.040: the part counter is one octet. */
const ABSOLUTE_MAX_PARTS = 255;

/** UDH octets including UDHL for a part (0 when no header is needed). */
export function headerOctets(plan: Pick<Plan, "charset" | "refBits">, multipart: boolean): number {
  let ies = 0;
  if (multipart) ies += plan.refBits === 16 ? 6 : 5;
  if (plan.charset !== null) {
    if (plan.charset.locking !== 0) ies += 3;
    if (plan.charset.single !== 0) ies += 3;
  }
  return ies === 0 ? 0 : ies + 1;
}

/** Septets a GSM 7-bit header of `octets` octets occupies, fill bits included (23.040 §9.2.3.24). */
export function headerSeptets(octets: number): number {
  return Math.ceil((octets * 8) / 7);
}

function capacity(
  plan: Pick<Plan, "encoding" | "charset" | "refBits">,
  multipart: boolean,
): number {
  const h = headerOctets(plan, multipart);
  return plan.encoding === "gsm7" ? 160 - headerSeptets(h) : Math.floor((140 - h) / 2);
}

/**
 * Greedy cut: each part takes as many units as fit, backing off one unit when the cut would
 * fall inside an ESC pair or a surrogate pair. With atoms of one or two units the greedy cut
 * gives the fewest parts.
 */
function cut(
  total: number,
  single: number,
  multi: number,
  unsafe: (k: number) => boolean,
): number[] {
  if (total <= single) return [0, total];
  const bounds = [0];
  let start = 0;
  while (total - start > multi) {
    let end = start + multi;
    if (unsafe(end)) end--;
    bounds.push(end);
    start = end;
  }
  bounds.push(total);
  return bounds;
}

/**
 * Septet buffers reused across calls (one for the default alphabet, one for a national
 * candidate): a Plan is consumed synchronously by the encoder that made it.
 */
const septetBuffers = [new Uint8Array(1024), new Uint8Array(1024)];

function septetBuffer(slot: 0 | 1, length: number): Uint8Array {
  let buf = septetBuffers[slot]!;
  if (buf.length < length) {
    buf = new Uint8Array(Math.max(length, buf.length * 2));
    septetBuffers[slot] = buf;
  }
  return buf;
}

function gsm7Plan(text: string, charset: Gsm7Charset, refBits: 8 | 16, slot: 0 | 1): Plan | null {
  const septets = septetBuffer(slot, text.length * 2);
  const count = textToSeptets(text, charset, septets);
  if (count < 0) return null;
  const base = { encoding: "gsm7" as const, charset, refBits };
  const bounds = cut(
    count,
    capacity(base, false),
    capacity(base, true),
    (k) => septets[k - 1] === ESC,
  );
  return { ...base, septets, text, bounds };
}

function ucs2Plan(text: string, refBits: 8 | 16): Plan {
  const base = { encoding: "ucs2" as const, charset: null, refBits };
  const bounds = cut(
    text.length,
    capacity(base, false),
    capacity(base, true),
    (k) => isHighSurrogate(text.charCodeAt(k - 1)) && isLowSurrogate(text.charCodeAt(k)),
  );
  return { ...base, septets: null, text, bounds };
}

function partsOf(plan: Plan): number {
  return plan.bounds.length - 1;
}

function firstUnencodable(text: string, charset: Gsm7Charset): string {
  for (const ch of text) if (charset.encode[ch.charCodeAt(0)]! < 0 || ch.length > 1) return ch;
  return "";
}

/** Chooses the encoding and cuts the text. Throws PduError on a bad option or too many parts. */
export function makePlan(text: string, opts: PlanOptions = {}): Plan {
  const encoding = opts.encoding ?? "auto";
  if (encoding !== "auto" && encoding !== "gsm7" && encoding !== "ucs2")
    throw new PduError("invalid-option", `unknown encoding "${String(encoding)}"`);
  const maxParts = opts.maxParts ?? DEFAULT_MAX_PARTS;
  if (!Number.isInteger(maxParts) || maxParts < 1 || maxParts > ABSOLUTE_MAX_PARTS)
    throw new PduError("invalid-option", `maxParts must be an integer 1–255, got ${maxParts}`);
  const refBits = opts.refBits ?? 8;
  // Cheap guard before any work: even GSM 7-bit cannot carry more than this.
  if (text.length > maxParts * 160) throw tooMany(Math.ceil(text.length / 153), maxParts);

  let plan: Plan | null = null;
  if (encoding !== "ucs2") {
    const def = gsm7Charset();
    plan = gsm7Plan(text, def, refBits, 0);
    const locking = languageId(opts.national?.locking);
    const single = languageId(opts.national?.single);
    const l = hasLockingTable(locking) ? locking : 0;
    const s = hasSingleShiftTable(single) ? single : 0;
    if (l !== 0 || s !== 0) {
      const national = gsm7Plan(text, gsm7Charset(l, s), refBits, 1);
      if (national !== null && (plan === null || partsOf(national) < partsOf(plan)))
        plan = national;
    }
    if (plan === null && encoding === "gsm7")
      throw new PduError(
        "unencodable",
        `"${firstUnencodable(text, def)}" is not in the GSM 7-bit alphabet; use encoding ucs2 or auto`,
      );
  }
  plan ??= ucs2Plan(text, refBits);
  if (partsOf(plan) > maxParts) throw tooMany(partsOf(plan), maxParts);
  return plan;
}

function tooMany(parts: number, maxParts: number): PduError {
  return new PduError(
    "too-many-parts",
    `text needs ${parts} parts, more than the maximum of ${maxParts}`,
    { details: { parts, maxParts } },
  );
}

/** The text of each part (for previews, counters and tests). */
export function planTexts(plan: Plan): string[] {
  const out: string[] = [];
  for (let i = 0; i + 1 < plan.bounds.length; i++) {
    const a = plan.bounds[i]!;
    const b = plan.bounds[i + 1]!;
    out.push(
      plan.septets !== null && plan.charset !== null
        ? septetsToText(plan.septets, a, b, plan.charset)
        : plan.text.slice(a, b),
    );
  }
  return out;
}

export type { Encoding };
