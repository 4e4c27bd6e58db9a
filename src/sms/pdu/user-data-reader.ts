import type { DcsInfo, MessageWaiting } from "./dcs.js";
import { udhWaiting } from "./dcs.js";
import { PduError } from "./errors.js";
import { gsm7Charset, septetsToText } from "./gsm7-charset.js";
import { hasLockingTable, hasSingleShiftTable } from "./gsm7-tables.js";
import { bytesToHex } from "./hex.js";
import { headerSeptets } from "./plan.js";
import type { Reader } from "./reader.js";
import { septetOctets, unpackSeptets } from "./septets.js";
import { readUcs2 } from "./ucs2.js";
import { type ParsedUdh, parseUdh } from "./udh.js";

export interface UserData {
  text: string;
  data?: string;
  udh: ParsedUdh | null;
  mwi: MessageWaiting | null;
}

/** Reused for every decode: the decoder is synchronous and a part has at most 160 septets. */
const septetScratch = new Uint8Array(160);

/**
 * TP-UDL + TP-UD (23.040 §9.2.3.16, §9.2.3.24). The length is trusted only as far as the
 * octets are there: a UDL beyond the data is `pdu.truncated`, beyond the maximum `pdu.bad-udl`.
 * The text is sized by UDL, never by the octet count (a trailing `@` packs like padding).
 */
export function readUserData(r: Reader, udhi: boolean, dcs: DcsInfo): UserData {
  const udl = r.u8("TP-UDL");
  if (dcs.encoding === "gsm7") {
    if (udl > 160) throw new PduError("bad-udl", `TP-UDL ${udl} exceeds 160 septets`);
    const b = r.bytes;
    const at = r.skip(septetOctets(udl), "user data");
    let hs = 0;
    let udh: ParsedUdh | null = null;
    if (udhi) {
      if (udl === 0) throw new PduError("bad-udh", "UDHI set but the user data is empty");
      const h = b[at]! + 1;
      hs = headerSeptets(h);
      if (hs > udl)
        throw new PduError("bad-udh", `UDH of ${h} octets is longer than TP-UDL ${udl}`);
      udh = parseUdh(b, at + 1, at + h);
    }
    const count = udl - hs;
    unpackSeptets(b, hs, count, septetScratch, at);
    const locking = udh !== null && hasLockingTable(udh.locking) ? udh.locking : 0;
    const single = udh !== null && hasSingleShiftTable(udh.single) ? udh.single : 0;
    const text = septetsToText(septetScratch, 0, count, gsm7Charset(locking, single));
    return { text, udh, mwi: udh?.special ? udhWaiting(udh.special) : null };
  }
  if (udl > 140) throw new PduError("bad-udl", `TP-UDL ${udl} exceeds 140 octets`);
  const b = r.bytes;
  const at = r.skip(udl, "user data");
  let h = 0;
  let udh: ParsedUdh | null = null;
  if (udhi) {
    if (udl === 0) throw new PduError("bad-udh", "UDHI set but the user data is empty");
    h = b[at]! + 1;
    if (h > udl) throw new PduError("bad-udh", `UDH of ${h} octets is longer than TP-UDL ${udl}`);
    udh = parseUdh(b, at + 1, at + h);
  }
  const mwi = udh?.special ? udhWaiting(udh.special) : null;
  if (dcs.encoding === "ucs2") return { text: readUcs2(b, at + h, at + udl), udh, mwi };
  const payload = b.subarray(at + h, at + udl);
  return { text: latin1Text(payload), data: bytesToHex(payload), udh, mwi };
}

/**
 * 8-bit data has no character set (23.038 §4). When every octet is printable ISO 8859-1 (as
 * python-gsmmodem's 8-bit "Hello world!" vector), that reading is offered as text; binary
 * payloads (WAP push, OTA) give "" and only `data`.
 */
function latin1Text(payload: Uint8Array): string {
  for (let i = 0; i < payload.length; i++) {
    const b = payload[i]!;
    if (b < 0x20 ? b !== 0x09 && b !== 0x0a && b !== 0x0d : b >= 0x7f && b < 0xa0) return "";
  }
  return String.fromCharCode.apply(null, Array.from(payload));
}
