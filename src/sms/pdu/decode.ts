import { type DecodedAddress, readAddress, readSmsc, TOA_ALPHANUMERIC } from "./address.js";
import { decodeDcs, type MessageWaiting } from "./dcs.js";
import { PduError } from "./errors.js";
import { bytesToHex, hexToBytes, MAX_HEX_CHARS } from "./hex.js";
import { Reader } from "./reader.js";
import { decodeScts } from "./scts.js";
import type { DecodedSms, StatusCategory } from "./types.js";
import { readUserData, type UserData } from "./user-data-reader.js";
import { decodeAbsoluteVp, relativeVpSeconds, type Validity } from "./validity.js";

export interface DecodeOptions {
  /** Whether the PDU starts with the SMSC field (as +CMGR/+CMGL/+CMT give it). Default true. */
  smsc?: boolean;
}

/** PDU octets of the call in progress: decoding is synchronous and copies out what it keeps. */
const scratch = new Uint8Array(MAX_HEX_CHARS / 2);

/**
 * Decodes SMS-DELIVER, SMS-SUBMIT and SMS-STATUS-REPORT (decided by TP-MTI, 23.040 §9.2.3.1).
 * Any input gives a DecodedSms or a PduError; nothing else escapes.
 */
export function decodePdu(hex: string, opts: DecodeOptions = {}): DecodedSms {
  try {
    if (typeof hex !== "string") throw new PduError("bad-hex", "PDU must be a hex string");
    return decodeBytes(hexToBytes(hex, scratch), opts?.smsc !== false);
  } catch (err) {
    if (err instanceof PduError) throw err;
    throw new PduError("internal", `could not decode PDU: ${String(err)}`, { cause: err });
  }
}

function decodeBytes(bytes: Uint8Array, hasSmsc: boolean): DecodedSms {
  const r = new Reader(bytes);
  const smsc = hasSmsc ? readSmsc(r) : null;
  const fo = r.u8("first octet");
  switch (fo & 0x03) {
    case 0:
      return decodeDeliver(r, fo, smsc);
    case 1:
      return decodeSubmit(r, fo, smsc);
    case 2:
      return decodeStatusReport(r, fo, smsc);
    default:
      throw new PduError("unsupported-type", "TP-MTI 3 is reserved");
  }
}

function decodeDeliver(r: Reader, fo: number, smsc: string | null): DecodedSms {
  const oa = readAddress(r, "originator");
  const pid = r.u8("TP-PID");
  const dcs = r.u8("TP-DCS");
  const info = decodeDcs(dcs);
  const scts = r.skip(7, "TP-SCTS");
  const timestamp = decodeScts(r.bytes, scts);
  const ud = readUserData(r, (fo & 0x40) !== 0, info);
  const out: DecodedSms = {
    type: "deliver",
    smsc,
    from: oa.address,
    addressType: oa.toa,
    text: ud.text,
    encoding: info.encoding,
    class: info.class,
    timestamp,
    concat: ud.udh?.concat ?? null,
    pid,
    dcs,
    statusReportRequested: (fo & 0x20) !== 0,
  };
  if (timestamp === null) warnTime(out, "TP-SCTS", r.bytes, scts, "timestamp");
  return withExtras(out, ud, ud.mwi ?? info.mwi ?? cphsWaiting(r.bytes, oa));
}

function decodeSubmit(r: Reader, fo: number, smsc: string | null): DecodedSms {
  const reference = r.u8("TP-MR");
  const da = readAddress(r, "destination");
  const pid = r.u8("TP-PID");
  const dcs = r.u8("TP-DCS");
  const info = decodeDcs(dcs);
  const validityAt = r.pos;
  const validity = readValidity(r, (fo >> 3) & 0x03);
  const ud = readUserData(r, (fo & 0x40) !== 0, info);
  const out: DecodedSms = {
    type: "submit",
    smsc,
    to: da.address,
    addressType: da.toa,
    text: ud.text,
    encoding: info.encoding,
    class: info.class,
    concat: ud.udh?.concat ?? null,
    reference,
    pid,
    dcs,
    statusReportRequested: (fo & 0x20) !== 0,
    rejectDuplicates: (fo & 0x04) !== 0,
  };
  if (validity !== undefined) out.validity = validity;
  if (validity?.format === "absolute" && validity.timestamp === null)
    warnTime(out, "TP-VP", r.bytes, validityAt, "validity.timestamp");
  return withExtras(out, ud, ud.mwi ?? info.mwi);
}

/** TP-VPF (23.040 §9.2.3.3): 00 none, 10 relative, 11 absolute, 01 enhanced. */
function readValidity(r: Reader, vpf: number): Validity | undefined {
  if (vpf === 0) return undefined;
  if (vpf === 2) return { format: "relative", seconds: relativeVpSeconds(r.u8("TP-VP")) };
  const at = r.skip(7, "TP-VP");
  return vpf === 3
    ? decodeAbsoluteVp(r.bytes, at)
    : { format: "enhanced", hex: bytesToHex(r.bytes, 7, at) };
}

function decodeStatusReport(r: Reader, fo: number, smsc: string | null): DecodedSms {
  const reference = r.u8("TP-MR");
  const ra = readAddress(r, "recipient");
  const scts = r.skip(7, "TP-SCTS");
  const timestamp = decodeScts(r.bytes, scts);
  const dt = r.skip(7, "TP-DT");
  const dischargeTime = decodeScts(r.bytes, dt);
  const status = r.u8("TP-ST");
  const out: DecodedSms = {
    type: "status-report",
    smsc,
    recipient: ra.address,
    addressType: ra.toa,
    text: "",
    encoding: "gsm7",
    class: null,
    timestamp,
    concat: null,
    reference,
    status,
    statusCategory: statusCategory(status),
    dischargeTime,
    pid: 0,
    dcs: 0,
    statusReportRequested: (fo & 0x20) !== 0,
  };
  if (timestamp === null) warnTime(out, "TP-SCTS", r.bytes, scts, "timestamp");
  if (dischargeTime === null) warnTime(out, "TP-DT", r.bytes, dt, "dischargeTime");
  readOptionalReportFields(r, fo, out);
  return out;
}

/**
 * TP-PI and what it announces (23.040 §9.2.3.27) are optional. Like Android, a PI with reserved
 * bits set (gammu sees 0xFF padding) is ignored, and broken optional fields never cost the status.
 */
function readOptionalReportFields(r: Reader, fo: number, out: DecodedSms): void {
  if (r.remaining === 0) return;
  const pi = r.u8("TP-PI");
  if ((pi & 0xf8) !== 0) return;
  try {
    if (pi & 0x01) out.pid = r.u8("TP-PID");
    let dcs = 0;
    if (pi & 0x02) dcs = out.dcs = r.u8("TP-DCS");
    if (pi & 0x04) {
      const info = decodeDcs(dcs);
      const ud = readUserData(r, (fo & 0x40) !== 0, info);
      out.text = ud.text;
      out.encoding = info.encoding;
      out.class = info.class;
      if (ud.data !== undefined) out.data = ud.data;
    }
  } catch (err) {
    if (!(err instanceof PduError)) throw err;
  }
}

/** A time field that is not a valid time: the field is null and `warnings` says why. */
function warnTime(out: DecodedSms, field: string, b: Uint8Array, at: number, key: string): void {
  const warning = `${field} octets ${bytesToHex(b, 7, at)} are not a valid time; ${key} is null`;
  if (out.warnings === undefined) out.warnings = [warning];
  else out.warnings.push(warning);
}

/** 23.040 §9.2.3.15: 0x00–0x1F completed, 0x20–0x3F still trying, the rest failed. */
function statusCategory(status: number): StatusCategory {
  if (status < 0x20) return "delivered";
  if (status < 0x40) return "pending";
  return "failed";
}

/**
 * CPHS voicemail indication (CPHS 4.2 B.4.2, as Android reads it): a 2-character alphanumeric
 * originator whose first octet is 0x10/0x11 (bit 0 = set) and second 0x00.
 */
function cphsWaiting(b: Uint8Array, oa: DecodedAddress): MessageWaiting | null {
  if (oa.toa !== TOA_ALPHANUMERIC || oa.octets !== 2) return null;
  const b0 = b[oa.offset]!;
  if ((b0 & 0x7e) !== 0x10 || b[oa.offset + 1] !== 0x00) return null;
  return { source: "cphs", type: "voicemail", active: (b0 & 0x01) === 1, store: true };
}

function withExtras(out: DecodedSms, ud: UserData, mwi: MessageWaiting | null): DecodedSms {
  if (ud.data !== undefined) out.data = ud.data;
  if (mwi !== null) out.mwi = mwi;
  const udh = ud.udh;
  if (udh !== null) {
    out.udh = udh.elements;
    if (udh.ports !== null) out.ports = udh.ports;
    if (udh.locking !== 0 || udh.single !== 0) {
      out.national = {};
      if (udh.locking !== 0) out.national.locking = udh.locking;
      if (udh.single !== 0) out.national.single = udh.single;
    }
  }
  return out;
}
