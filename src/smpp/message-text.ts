import { gsm7Charset, septetsToText, textToSeptets } from "../sms/pdu/gsm7-charset.js";
import { readUcs2, writeUcs2 } from "../sms/pdu/ucs2.js";
import { SmppRefusal } from "./smpp-error.js";
import { STATUS } from "./status.js";

/**
 * What data_coding 0 (the SMSC default alphabet) means to an account: `gsm` is the GSM 7-bit
 * default alphabet, one septet per octet (the spec's reading); `latin1` is what many ESMEs
 * (the npm smpp client, PHP libraries) actually send under 0.
 */
export type DataCoding0 = "gsm" | "latin1";

export interface SmText {
  text: string;
  /** The client asked for UCS-2 (data_coding 8): keep it so. */
  ucs2: boolean;
  /** Message class 0 (data_coding 0xF0). */
  flash: boolean;
}

/**
 * The text of a short message's user data (without its UDH) by data_coding (§5.2.19):
 * 0 per account, 1 IA5/ASCII, 3 Latin-1, 8 UCS-2, 0xF0–0xF3 GSM with a message class. Binary
 * (2, 4, 0xF4–0xF7) is refused: the SMS service sends text.
 */
export function decodeSmText(data: Uint8Array, dataCoding: number, dc0: DataCoding0): SmText {
  const plain = { ucs2: false, flash: false };
  switch (dataCoding) {
    case 0:
      return { text: dc0 === "gsm" ? gsmUnpacked(data) : latin1(data), ...plain };
    case 1:
    case 3:
      return { text: latin1(data), ...plain };
    case 8:
      return { text: readUcs2(data, 0, data.length), ucs2: true, flash: false };
    default:
      break;
  }
  if ((dataCoding & 0xf4) === 0xf0)
    return { text: gsmUnpacked(data), ucs2: false, flash: (dataCoding & 0x03) === 0 };
  throw new SmppRefusal(
    STATUS.ESME_RSUBMITFAIL,
    `data_coding 0x${dataCoding.toString(16)} is not a text coding smsgw sends (0, 1, 3, 8)`,
  );
}

/** GSM 7-bit, one septet per octet; an octet above 0x7F is not a septet. */
function gsmUnpacked(data: Uint8Array): string {
  for (const b of data)
    if (b > 0x7f)
      throw new SmppRefusal(
        STATUS.ESME_RSUBMITFAIL,
        "data_coding 0 is GSM 7-bit for this account, but an octet is above 0x7F",
      );
  return septetsToText(data, 0, data.length, gsm7Charset());
}

const latin1 = (data: Uint8Array): string => Buffer.from(data).toString("latin1");

/** A text encoded for a deliver_sm: data_coding and octets. */
export interface EncodedSmText {
  dataCoding: number;
  data: Buffer;
}

/**
 * Encodes a text for an ESME: data_coding 0 in the account's reading when every character
 * fits it, else UCS-2 (8).
 */
export function encodeSmText(text: string, dc0: DataCoding0): EncodedSmText {
  if (dc0 === "gsm") {
    const out = new Uint8Array(text.length * 2);
    const n = textToSeptets(text, gsm7Charset(), out);
    if (n >= 0) return { dataCoding: 0, data: Buffer.from(out.subarray(0, n)) };
  } else if (isLatin1(text)) {
    return { dataCoding: 0, data: Buffer.from(text, "latin1") };
  }
  const data = Buffer.alloc(text.length * 2);
  writeUcs2(text, 0, text.length, data, 0);
  return { dataCoding: 8, data };
}

/** A receipt's text in data_coding 0: characters the account's alphabet lacks become "?". */
export function encodeAsciiish(text: string, dc0: DataCoding0): Buffer {
  if (dc0 === "latin1")
    return Buffer.from([...text].map((c) => (isLatin1(c) ? c : "?")).join(""), "latin1");
  const cs = gsm7Charset();
  const safe = [...text].map((c) => (textToSeptets(c, cs, new Uint8Array(4)) < 0 ? "?" : c));
  const joined = safe.join("");
  const out = new Uint8Array(joined.length * 2);
  return Buffer.from(out.subarray(0, textToSeptets(joined, cs, out)));
}

/** Whether every UTF-16 unit of `text` is in Latin-1 (U+0000–U+00FF). */
function isLatin1(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) > 0xff) return false;
  return true;
}
