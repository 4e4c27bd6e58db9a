import { PduError } from "./errors.js";
import { gsm7Charset, septetsToText, textToSeptets } from "./gsm7-charset.js";
import type { Reader, Writer } from "./reader.js";
import { packSeptets, unpackSeptets } from "./septets.js";

/**
 * Addresses (23.040 §9.1.2.5): length, type of address (1 TON NPI), swapped BCD digits with an
 * F filler. TP-OA/DA/RA count digits (semi-octets); the SMSC field (24.011 RP address) counts
 * octets including the TOA.
 */
export const TOA_INTERNATIONAL = 0x91;
export const TOA_UNKNOWN = 0x81;
export const TOA_ALPHANUMERIC = 0xd0;
export const TOA_NATIONAL = 0xa1;

/** 23.040 §9.1.2.5: at most 10 octets of digits, i.e. 20 semi-octets. */
const MAX_SEMI_OCTETS = 20;

/** BCD nibble → character: A–E are `* # a b c` (23.040 §9.1.2.3); F is the filler. */
const NIBBLE_CHARS = "0123456789*#abc";

export interface DecodedAddress {
  address: string;
  toa: number;
  /** Where the digit/septet octets start in the PDU and how many (CPHS hides flags there). */
  offset: number;
  octets: number;
}

const scratch = new Uint8Array(32);

function decodeValue(b: Uint8Array, offset: number, semiOctets: number, toa: number): string {
  if (((toa >> 4) & 0x07) === 5) {
    // Alphanumeric (TON 5): GSM 7-bit packed; the length counts the semi-octets used.
    let septets = Math.floor((semiOctets * 4) / 7);
    unpackSeptets(b, 0, septets, scratch, offset);
    if (isFillSeptet(semiOctets, septets)) septets--;
    return septetsToText(scratch, 0, septets, gsm7Charset());
  }
  let out = ((toa >> 4) & 0x07) === 1 ? "+" : "";
  for (let i = 0; i < semiOctets; i++) {
    const o = b[offset + (i >> 1)]!;
    const nibble = i & 1 ? o >> 4 : o & 0x0f;
    if (nibble === 0x0f) continue;
    out += NIBBLE_CHARS[nibble];
  }
  return out;
}

/**
 * Many networks count an alphanumeric address in whole octets (2 × octets) instead of the
 * semi-octets used: "Telekom" is 49 bits in 7 octets, sent as 0x0E rather than 0x0D, so a
 * septet count taken from the length finds an eighth septet made of the 7 zero fill bits. That
 * septet is dropped when the length is even, it is 0, and one septet fewer needs as many
 * octets (so the octet count is the only reason it exists). With 1–11 characters this is only
 * the 7-character case; a name that really ends in '@' (septet 0) keeps it at every other
 * length, and at length 0x0E its octets are the same as those of the 7-character name in the
 * octet-count form, which is by far the commoner sender.
 */
function isFillSeptet(semiOctets: number, septets: number): boolean {
  return (
    semiOctets % 2 === 0 &&
    septets > 1 &&
    scratch[septets - 1] === 0 &&
    Math.ceil(((septets - 1) * 7) / 8) === semiOctets / 2
  );
}

/** TP-OA / TP-DA / TP-RA. */
export function readAddress(r: Reader, what: string): DecodedAddress {
  const semiOctets = r.u8(`${what} length`);
  if (semiOctets > MAX_SEMI_OCTETS)
    throw new PduError("bad-address", `${what} length ${semiOctets} exceeds 20 digits`);
  const toa = r.u8(`${what} type`);
  const octets = (semiOctets + 1) >> 1;
  const offset = r.skip(octets, what);
  return { address: decodeValue(r.bytes, offset, semiOctets, toa), toa, offset, octets };
}

/** SMSC field in front of the TPDU; length 0 means "none" (the SIM's default is used). */
export function readSmsc(r: Reader): string | null {
  const octets = r.u8("SMSC length");
  if (octets === 0) return null;
  if (octets > 12) throw new PduError("bad-address", `SMSC length ${octets} exceeds 12 octets`);
  const toa = r.u8("SMSC type");
  const offset = r.skip(octets - 1, "SMSC address");
  return decodeValue(r.bytes, offset, (octets - 1) * 2, toa);
}

const DIGITS = /^\+?[0-9*#]{1,20}$/;

/** Numeric address → [TOA, digits] or a PduError for anything else. */
function parseNumber(value: string, what: string): { toa: number; digits: string } {
  if (!DIGITS.test(value))
    throw new PduError(
      "invalid-address",
      `${what} "${value}" is not a phone number (digits, optionally with a leading +)`,
    );
  return value.startsWith("+")
    ? { toa: TOA_INTERNATIONAL, digits: value.slice(1) }
    : { toa: TOA_UNKNOWN, digits: value };
}

function writeBcd(w: Writer, digits: string): void {
  for (let i = 0; i < digits.length; i += 2) {
    const lo = nibbleOf(digits.charCodeAt(i));
    const hi = i + 1 < digits.length ? nibbleOf(digits.charCodeAt(i + 1)) : 0x0f;
    w.u8((hi << 4) | lo);
  }
}

function nibbleOf(c: number): number {
  if (c === 42) return 0x0a; // *
  if (c === 35) return 0x0b; // #
  return c - 48;
}

/** TP-DA for SMS-SUBMIT: international, national or short code; alphanumeric is refused. */
export function writeNumber(w: Writer, value: string, what: string): void {
  const { toa, digits } = parseNumber(value, what);
  w.u8(digits.length);
  w.u8(toa);
  writeBcd(w, digits);
}

/**
 * TP-OA for SMS-DELIVER: a number, or up to 11 GSM 7-bit characters (TON 5). `type` forces
 * the TON a network (or a forger) may choose: digits sent as `alphanumeric`, or a number
 * typed `national`.
 */
export function writeOriginator(
  w: Writer,
  value: string,
  type?: "alphanumeric" | "national" | "unknown",
): void {
  if (DIGITS.test(value) && type !== "alphanumeric") {
    if (type === undefined || value.startsWith("+")) writeNumber(w, value, "originator");
    else {
      w.u8(value.length);
      w.u8(type === "national" ? TOA_NATIONAL : TOA_UNKNOWN);
      writeBcd(w, value);
    }
    return;
  }
  const septets = new Uint8Array(value.length * 2);
  const count = textToSeptets(value, gsm7Charset(), septets);
  if (count <= 0 || count > 11)
    throw new PduError(
      "invalid-address",
      `originator "${value}" is neither a number nor 1–11 GSM 7-bit characters`,
    );
  w.u8(Math.ceil((count * 7) / 4));
  w.u8(TOA_ALPHANUMERIC);
  w.pos += packSeptets(septets, count, w.bytes, w.pos, 0);
}

/** SMSC field: `00` when not given (use the SIM's, AT+CSCA). */
export function writeSmsc(w: Writer, value: string | undefined): void {
  if (value === undefined || value === "") {
    w.u8(0);
    return;
  }
  const { toa, digits } = parseNumber(value, "SMSC");
  if (digits.length > 20) throw new PduError("invalid-address", "SMSC longer than 20 digits");
  w.u8(1 + ((digits.length + 1) >> 1));
  w.u8(toa);
  writeBcd(w, digits);
}
