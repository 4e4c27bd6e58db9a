import { createHash } from "node:crypto";
import type { ReceivedPart } from "./reassembly.js";

/**
 * A part's identity as the network sent it: sender, SC timestamp, concat header and text.
 * The same SMS delivered twice (a retransmission after a lost RP-ACK, or +CMTI for a copy
 * the modem stored twice) has the same fingerprint; a new SMS from the same sender has a new
 * SC timestamp. Short hashes keep the remembered set small in the store file.
 */
export function fingerprint(part: ReceivedPart): string {
  const c = part.concat;
  const concat = c === null ? "" : `${c.refBits ?? 8}:${c.ref}:${c.part}/${c.total}`;
  return createHash("sha1")
    .update(`${part.from}\u0000${part.timestamp ?? ""}\u0000${concat}\u0000${part.text}`)
    .digest("base64url")
    .slice(0, 16);
}

/** Remembers the last `capacity` fingerprints (the array is the store's, kept in order). */
export class RecentSet {
  private readonly index: Set<string>;

  constructor(
    private readonly items: string[],
    private readonly capacity: number,
  ) {
    this.index = new Set(items);
  }

  has(fp: string): boolean {
    return this.index.has(fp);
  }

  add(fp: string): void {
    if (this.index.has(fp)) return;
    this.items.push(fp);
    this.index.add(fp);
    while (this.items.length > this.capacity) {
      const old = this.items.shift();
      if (old !== undefined) this.index.delete(old);
    }
  }
}
