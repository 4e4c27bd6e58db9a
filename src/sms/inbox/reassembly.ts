import type { AddressType, Encoding } from "../types.js";

/**
 * Concatenated SMS reassembly (23.040 §9.2.3.24.1 / .8). Parts belong together when sender,
 * reference (8- or 16-bit, kept apart) and total agree; they may arrive in any order; a part
 * number seen twice is a duplicate and ignored. A message still missing parts after the
 * timeout is handed on flagged incomplete with the missing part numbers, never stuck.
 *
 * The state is plain JSON (`PartialMessage[]`) owned by the caller's durable store, so a
 * half-received message survives a restart.
 */

export interface ReceivedPart {
  from: string;
  addressType?: AddressType;
  text: string;
  encoding: Encoding;
  class: 0 | 1 | 2 | 3 | null;
  smsc: string | null;
  /** SC timestamp of the part, ISO 8601. */
  timestamp?: string;
  concat: { ref: number; part: number; total: number; refBits?: 8 | 16 } | null;
}

export interface PartialMessage {
  key: string;
  from: string;
  addressType?: AddressType;
  total: number;
  /** When the first part arrived (epoch ms): the timeout runs from here. */
  firstAt: number;
  smsc: string | null;
  class: 0 | 1 | 2 | 3 | null;
  timestamp?: string;
  parts: Array<{ n: number; text: string; encoding: Encoding }>;
}

/** A whole (or timed-out partial) message, ready for the inbox. */
export interface AssembledMessage {
  from: string;
  addressType?: AddressType;
  text: string;
  encoding: Encoding;
  class: 0 | 1 | 2 | 3 | null;
  smsc: string | null;
  timestamp?: string;
  parts: number;
  complete: boolean;
  missingParts?: number[];
}

export type AddResult =
  | { kind: "complete"; message: AssembledMessage }
  | { kind: "pending" }
  | { kind: "duplicate" };

export function partialKey(part: ReceivedPart): string | undefined {
  const c = part.concat;
  if (c === null || c.total <= 1) return undefined;
  return `${part.from}|${c.refBits ?? 8}|${c.ref}|${c.total}`;
}

export class Reassembler {
  /** `partials` is the live array from the store; it is mutated in place. */
  constructor(
    private readonly partials: PartialMessage[],
    private readonly timeoutMs: number,
  ) {}

  get pending(): readonly PartialMessage[] {
    return this.partials;
  }

  add(part: ReceivedPart, now: number): AddResult {
    const key = partialKey(part);
    const c = part.concat;
    if (key === undefined || c === null) return { kind: "complete", message: single(part) };
    // A part number outside 1..total is a broken UDH: keep the text rather than lose it.
    if (c.part < 1 || c.part > c.total) return { kind: "complete", message: single(part) };
    let partial = this.partials.find((p) => p.key === key);
    if (partial === undefined) {
      partial = {
        key,
        from: part.from,
        total: c.total,
        firstAt: now,
        smsc: part.smsc,
        class: part.class,
        parts: [],
      };
      if (part.timestamp !== undefined) partial.timestamp = part.timestamp;
      if (part.addressType !== undefined) partial.addressType = part.addressType;
      this.partials.push(partial);
    }
    if (partial.parts.some((p) => p.n === c.part)) return { kind: "duplicate" };
    partial.parts.push({ n: c.part, text: part.text, encoding: part.encoding });
    if (c.part === 1 && part.timestamp !== undefined) partial.timestamp = part.timestamp;
    if (partial.parts.length < partial.total) return { kind: "pending" };
    this.remove(partial);
    return { kind: "complete", message: assemble(partial) };
  }

  /** Hands on every partial older than the timeout, flagged incomplete. */
  expire(now: number): AssembledMessage[] {
    const due = this.partials.filter((p) => now - p.firstAt >= this.timeoutMs);
    for (const p of due) this.remove(p);
    return due.map(assemble);
  }

  /** When the oldest partial times out (epoch ms), or undefined when none is waiting. */
  nextExpiry(): number | undefined {
    let min: number | undefined;
    for (const p of this.partials) {
      const at = p.firstAt + this.timeoutMs;
      if (min === undefined || at < min) min = at;
    }
    return min;
  }

  private remove(p: PartialMessage): void {
    const i = this.partials.indexOf(p);
    if (i >= 0) this.partials.splice(i, 1);
  }
}

function single(part: ReceivedPart): AssembledMessage {
  const m: AssembledMessage = {
    from: part.from,
    text: part.text,
    encoding: part.encoding,
    class: part.class,
    smsc: part.smsc,
    parts: 1,
    complete: true,
  };
  if (part.timestamp !== undefined) m.timestamp = part.timestamp;
  if (part.addressType !== undefined) m.addressType = part.addressType;
  return m;
}

function assemble(p: PartialMessage): AssembledMessage {
  const sorted = [...p.parts].sort((a, b) => a.n - b.n);
  const have = new Set(sorted.map((s) => s.n));
  const missing: number[] = [];
  for (let n = 1; n <= p.total; n++) if (!have.has(n)) missing.push(n);
  const encodings = new Set(sorted.map((s) => s.encoding));
  const m: AssembledMessage = {
    from: p.from,
    text: sorted.map((s) => s.text).join(""),
    // Parts may differ (GSM 7-bit part 1, UCS-2 part 2); UCS-2 is the honest summary then.
    encoding: encodings.size === 1 ? (sorted[0]?.encoding ?? "gsm7") : "ucs2",
    class: p.class,
    smsc: p.smsc,
    parts: p.total,
    complete: missing.length === 0,
  };
  if (p.timestamp !== undefined) m.timestamp = p.timestamp;
  if (p.addressType !== undefined) m.addressType = p.addressType;
  if (missing.length > 0) m.missingParts = missing;
  return m;
}
