import { PduError } from "./errors.js";
import { bytesToHex } from "./hex.js";

/** Concatenation info (23.040 §9.2.3.24.1 / .8). */
export interface ConcatInfo {
  ref: number;
  part: number;
  total: number;
  refBits: 8 | 16;
}

export interface PortInfo {
  dest: number;
  src: number;
  bits: 8 | 16;
}

export interface UdhElement {
  iei: number;
  /** IE data as upper hex. */
  data: string;
}

export interface ParsedUdh {
  elements: UdhElement[];
  concat: ConcatInfo | null;
  ports: PortInfo | null;
  /** National language ids from IEI 0x25 (locking) and 0x24 (single shift); 0 = default. */
  locking: number;
  single: number;
  /** IEI 0x01 data, if present. */
  special: Uint8Array | null;
}

/** Parses IEs in `b[start, end)`. An IE running past the header is a malformed UDH. */
export function parseUdh(b: Uint8Array, start: number, end: number): ParsedUdh {
  const out: ParsedUdh = {
    elements: [],
    concat: null,
    ports: null,
    locking: 0,
    single: 0,
    special: null,
  };
  let i = start;
  while (i < end) {
    if (i + 2 > end) throw new PduError("bad-udh", "UDH ends inside an information element");
    const iei = b[i]!;
    const len = b[i + 1]!;
    const d = i + 2;
    if (d + len > end)
      throw new PduError("bad-udh", `UDH element 0x${iei.toString(16)} overruns the header`);
    out.elements.push({ iei, data: bytesToHex(b, len, d) });
    if (iei === 0x00 && len === 3 && out.concat === null) {
      out.concat = concat(b[d]!, b[d + 1]!, b[d + 2]!, 8);
    } else if (iei === 0x08 && len === 4 && out.concat === null) {
      out.concat = concat((b[d]! << 8) | b[d + 1]!, b[d + 2]!, b[d + 3]!, 16);
    } else if (iei === 0x04 && len === 2) {
      out.ports = { dest: b[d]!, src: b[d + 1]!, bits: 8 };
    } else if (iei === 0x05 && len === 4) {
      out.ports = { dest: (b[d]! << 8) | b[d + 1]!, src: (b[d + 2]! << 8) | b[d + 3]!, bits: 16 };
    } else if (iei === 0x24 && len === 1) {
      out.single = b[d]!;
    } else if (iei === 0x25 && len === 1) {
      out.locking = b[d]!;
    } else if (iei === 0x01 && len >= 2) {
      out.special = b.slice(d, d + len);
    }
    i = d + len;
  }
  return out;
}

/** 23.040 §9.2.3.24.1: a zero total or sequence, or a sequence beyond the total, voids the IE. */
function concat(ref: number, total: number, part: number, refBits: 8 | 16): ConcatInfo | null {
  if (total === 0 || part === 0 || part > total) return null;
  return { ref, part, total, refBits };
}

/** Header IEs for one part, without the UDHL octet. */
export function buildUdh(
  concatRef: number | null,
  refBits: 8 | 16,
  total: number,
  part: number,
  locking: number,
  single: number,
): number[] {
  const ies: number[] = [];
  if (concatRef !== null) {
    if (refBits === 16) ies.push(0x08, 4, (concatRef >> 8) & 0xff, concatRef & 0xff, total, part);
    else ies.push(0x00, 3, concatRef & 0xff, total, part);
  }
  if (single !== 0) ies.push(0x24, 1, single);
  if (locking !== 0) ies.push(0x25, 1, locking);
  return ies;
}
