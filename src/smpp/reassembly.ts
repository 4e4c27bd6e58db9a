/** One part of a message an ESME split itself (UDH or sar_* TLVs). */
export interface SubmittedPart {
  /** The submit_sm's sequence number, answered when the whole message is queued. */
  sequence: number;
  part: number;
  data: Buffer;
}

interface Pending {
  total: number;
  parts: Map<number, SubmittedPart>;
  startedAt: number;
}

/** Most messages one session may have half-submitted at once. */
const MAX_PENDING = 100;

/**
 * Joins the parts of messages an ESME split itself, so they are sent again through our own
 * segmenter (the ESME's split may not fit our encoding). Parts are keyed by destination and
 * reference; a part sent twice replaces the first.
 */
export class Reassembler {
  private readonly pending = new Map<string, Pending>();

  /**
   * Adds a part. `complete`: every part of the message once all are in, in order.
   * `superseded`: parts replaced (an earlier copy of this part, or the parts of a message of
   * another total under the same reference): their submit_sm are refused. Throws
   * RangeError when the session holds too many unfinished messages.
   */
  add(
    key: string,
    total: number,
    part: SubmittedPart,
    now: number,
  ): { complete?: SubmittedPart[]; superseded: SubmittedPart[] } {
    const superseded: SubmittedPart[] = [];
    let p = this.pending.get(key);
    if (p !== undefined && p.total !== total) {
      superseded.push(...p.parts.values());
      this.pending.delete(key);
      p = undefined;
    }
    if (p === undefined) {
      if (p === undefined && this.pending.size >= MAX_PENDING)
        throw new RangeError(`more than ${MAX_PENDING} concatenated messages are unfinished`);
      p = { total, parts: new Map(), startedAt: now };
      this.pending.set(key, p);
    }
    const earlier = p.parts.get(part.part);
    if (earlier !== undefined) superseded.push(earlier);
    p.parts.set(part.part, part);
    if (p.parts.size < total) return { superseded };
    this.pending.delete(key);
    return { superseded, complete: [...p.parts.values()].sort((a, b) => a.part - b.part) };
  }

  /** Removes and returns the parts of messages begun before `before` (ms). */
  expire(before: number): SubmittedPart[] {
    const out: SubmittedPart[] = [];
    for (const [key, p] of this.pending)
      if (p.startedAt < before) {
        out.push(...p.parts.values());
        this.pending.delete(key);
      }
    return out;
  }

  /** Every held part (the session is closing). */
  drain(): SubmittedPart[] {
    return this.expire(Number.POSITIVE_INFINITY);
  }

  get size(): number {
    return this.pending.size;
  }
}
