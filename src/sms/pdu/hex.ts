import { PduError } from "./errors.js";

/** Upper-case hex of every byte value, so encoding is one lookup per octet. */
const HEX: string[] = Array.from({ length: 256 }, (_, i) =>
  i.toString(16).toUpperCase().padStart(2, "0"),
);

/** Nibble value per char code (0-9, A-F, a-f), -1 otherwise. */
const NIBBLE = new Int8Array(128).fill(-1);
for (let i = 0; i < 10; i++) NIBBLE[48 + i] = i;
for (let i = 0; i < 6; i++) {
  NIBBLE[65 + i] = 10 + i;
  NIBBLE[97 + i] = 10 + i;
}

/** Longest hex PDU we look at: a valid one is ≤ 176 octets; modems pad some with FF. */
export const MAX_HEX_CHARS = 2048;

/** Upper-case hex digits per byte value, as ASCII codes (two per byte). */
const HEX_CODES = new Uint8Array(512);
for (let i = 0; i < 256; i++) {
  HEX_CODES[i * 2] = HEX[i]!.charCodeAt(0);
  HEX_CODES[i * 2 + 1] = HEX[i]!.charCodeAt(1);
}
let hexOut = Buffer.alloc(512);

/** Bytes → upper hex, built in a reused buffer so the result is one flat string. */
export function bytesToHex(bytes: Uint8Array, length = bytes.length, offset = 0): string {
  if (hexOut.length < length * 2) hexOut = Buffer.alloc(length * 2);
  const out = hexOut;
  for (let i = 0, o = 0; i < length; i++, o += 2) {
    const b = bytes[offset + i]! * 2;
    out[o] = HEX_CODES[b]!;
    out[o + 1] = HEX_CODES[b + 1]!;
  }
  return out.toString("latin1", 0, length * 2);
}

export function byteHex(value: number): string {
  return HEX[value & 0xff]!;
}

/**
 * Strict hex → bytes; surrounding whitespace is tolerated (modem lines carry CR). With `scratch`
 * (at least MAX_HEX_CHARS / 2 long) the octets are written there and a view is returned, so the
 * decoder allocates nothing per PDU.
 */
export function hexToBytes(input: string, scratch?: Uint8Array): Uint8Array {
  const hex = input.trim();
  if (hex.length === 0) throw new PduError("empty", "empty PDU");
  if (hex.length > MAX_HEX_CHARS)
    throw new PduError("too-long", `PDU longer than ${MAX_HEX_CHARS / 2} octets`);
  if (hex.length % 2 !== 0) throw new PduError("odd-length", "hex PDU has an odd number of digits");
  const out = scratch ? scratch.subarray(0, hex.length / 2) : new Uint8Array(hex.length / 2);
  // Node's decoder is native; it stops at the first non-hex pair, which the loop below names.
  const buf = Buffer.from(out.buffer, out.byteOffset, out.length);
  if (buf.write(hex, "hex") === out.length) return out;
  for (let i = 0, j = 0; i < hex.length; i += 2, j++) {
    const c1 = hex.charCodeAt(i);
    const c2 = hex.charCodeAt(i + 1);
    const hi = c1 < 128 ? NIBBLE[c1]! : -1;
    const lo = c2 < 128 ? NIBBLE[c2]! : -1;
    if (hi < 0 || lo < 0)
      throw new PduError("bad-hex", `not a hex digit at position ${hi < 0 ? i : i + 1}`);
    out[j] = (hi << 4) | lo;
  }
  return out;
}
