import { PduError } from "./errors.js";
import { gsm7Charset, septetsToText, textToSeptets } from "./gsm7-charset.js";
import { bytesToHex, hexToBytes } from "./hex.js";
import { packSeptets, septetOctets, unpackSeptets } from "./septets.js";
import { readUcs2, writeUcs2 } from "./ucs2.js";

/**
 * USSD strings as a modem carries them in `AT+CUSD` and `+CUSD:` (3GPP TS 27.007 §7.15):
 * plain text (the module converts per `AT+CSCS`), GSM 7-bit packed into octets shown as hex
 * (Huawei sticks want and give this), or UCS-2 as hex (what many networks answer with, dcs 72).
 * The alphabets are the SMS codec's.
 */
export type UssdEncoding = "text" | "packed" | "ucs2";

/** The data coding scheme of a USSD string is the cell-broadcast one (23.038 §5). */
export type UssdAlphabet = "gsm7" | "8bit" | "ucs2";

/** `dcs` 15: GSM 7-bit, language unspecified; 72 (0x48): UCS-2. */
export const USSD_DCS_GSM7 = 15;
export const USSD_DCS_UCS2 = 72;

const CR = 0x0d;

/** 23.038 §5: the alphabet a cell-broadcast/USSD data coding scheme names. */
export function ussdAlphabet(dcs: number): UssdAlphabet {
  const group = dcs >> 4;
  if (group === 0x00 || group === 0x02 || group === 0x03) return "gsm7";
  // 0001 0001: UCS-2 preceded by a two-character language; 0001 0000: GSM 7-bit likewise.
  if (group === 0x01) return (dcs & 0x0f) === 0x01 ? "ucs2" : "gsm7";
  if (group >= 0x04 && group <= 0x07) {
    const alphabet = (dcs >> 2) & 0x03;
    return alphabet === 1 ? "8bit" : alphabet === 2 ? "ucs2" : "gsm7";
  }
  if (group === 0x09) {
    const alphabet = (dcs >> 2) & 0x03;
    return alphabet === 1 ? "8bit" : alphabet === 2 ? "ucs2" : "gsm7";
  }
  if (group === 0x0f) return dcs & 0x04 ? "8bit" : "gsm7";
  return "gsm7";
}

/**
 * GSM 7-bit packed, as hex. When the last octet would end with 7 spare bits the receiver
 * could read a stray `@` (septet 0) there, so they are filled with CR (23.038 §6.1.2.3.1).
 */
export function packUssd(text: string): string {
  const septets = new Uint8Array(text.length * 2 + 1);
  let n = textToSeptets(text, gsm7Charset(), septets);
  if (n < 0)
    throw new PduError("unencodable", `"${text}" has characters outside the GSM 7-bit alphabet`);
  if (n % 8 === 7) septets[n++] = CR;
  const out = new Uint8Array(septetOctets(n));
  const len = packSeptets(septets, n, out, 0, 0);
  return bytesToHex(out, len);
}

/** Packed GSM 7-bit hex → text; the CR padding of a full last octet is dropped. */
export function unpackUssd(hex: string): string {
  const bytes = hexToBytes(hex);
  let count = Math.floor((bytes.length * 8) / 7);
  const septets = new Uint8Array(count);
  unpackSeptets(bytes, 0, count, septets);
  // 7 spare bits padded with CR, or zero bits a lenient sender left: not part of the text.
  if (count > 0 && (bytes.length * 8) % 7 === 0 && septets[count - 1] === CR) count--;
  else if (count > 0 && count % 8 === 0 && septets[count - 1] === 0) count--;
  return septetsToText(septets, 0, count, gsm7Charset());
}

/** UCS-2 (UTF-16BE) hex. */
export function ucs2Hex(text: string): string {
  const out = new Uint8Array(text.length * 2);
  writeUcs2(text, 0, text.length, out, 0);
  return bytesToHex(out, out.length);
}

export function fromUcs2Hex(hex: string): string {
  const bytes = hexToBytes(hex);
  return readUcs2(bytes, 0, bytes.length);
}

/** A request string for `AT+CUSD=1,"<str>",15`: as typed, or packed hex for Huawei sticks. */
export function encodeUssdRequest(code: string, encoding: "text" | "packed"): string {
  return encoding === "packed" ? packUssd(code) : code;
}

/**
 * The text of a `+CUSD:` string. UCS-2 (by its dcs) is always hex; GSM 7-bit is packed hex
 * when the module is one that packs (`packed`), else text the module already converted. A
 * GSM string that is not valid hex where hex is expected is taken as text, as some firmware
 * switches to text after a `AT+CSCS` change.
 */
export function decodeUssdString(str: string, dcs: number | undefined, packed: boolean): string {
  const alphabet = dcs === undefined ? "gsm7" : ussdAlphabet(dcs);
  const isHex = str.length > 0 && str.length % 2 === 0 && /^[0-9A-Fa-f]+$/.test(str);
  if (alphabet === "ucs2") return isHex ? fromUcs2Hex(str) : str;
  if (alphabet === "8bit") return isHex ? Buffer.from(str, "hex").toString("latin1") : str;
  return packed && isHex ? unpackUssd(str) : str;
}

/** The string and dcs a network answer takes on the wire, for the simulator. */
export function encodeUssdReply(
  text: string,
  encoding: UssdEncoding,
): { str: string; dcs: number } {
  if (encoding === "ucs2") return { str: ucs2Hex(text), dcs: USSD_DCS_UCS2 };
  if (encoding === "packed") return { str: packUssd(text), dcs: USSD_DCS_GSM7 };
  return { str: text, dcs: USSD_DCS_GSM7 };
}
