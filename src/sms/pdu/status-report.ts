import { writeNumber, writeSmsc } from "./address.js";
import { PduError } from "./errors.js";
import { bytesToHex } from "./hex.js";
import { optionalInt, requireString } from "./options.js";
import { Writer } from "./reader.js";
import { writeScts } from "./scts.js";
import type { StatusReportOptions } from "./types.js";

const writer = new Writer();

/**
 * SMS-STATUS-REPORT (23.040 §9.2.2.3), for the simulator's +CDS/+CDSI: first octet 0x06
 * (MTI 10, MMS), MR, RA, SCTS, DT, ST, no TP-PI.
 */
export function encodeStatusReport(opts: StatusReportOptions): string {
  const reference = optionalInt(opts?.reference, "reference", 0, 255);
  const status = optionalInt(opts.status, "status", 0, 255);
  if (reference === undefined || status === undefined)
    throw new PduError("invalid-option", "reference and status are required");
  const timestamp = opts.timestamp ?? new Date();
  const tz = opts.tzOffsetMinutes ?? 0;
  const w = writer.reset();
  writeSmsc(w, opts.smsc === undefined ? undefined : requireString(opts.smsc, "smsc"));
  w.u8(0x06);
  w.u8(reference);
  writeNumber(w, requireString(opts.recipient, "recipient"), "recipient");
  writeScts(w, timestamp, tz);
  writeScts(w, opts.dischargeTime ?? timestamp, tz);
  w.u8(status);
  return bytesToHex(w.bytes, w.pos);
}

/** TPDU length of a hex PDU that starts with an SMSC field (for AT+CMGS= and +CMT/+CDS: <len>). */
export function tpduLength(pdu: string): number {
  const smsc = Number.parseInt(pdu.slice(0, 2), 16);
  if (!Number.isInteger(smsc) || pdu.length % 2 !== 0 || pdu.length < 2 + smsc * 2)
    throw new PduError("bad-length", "not a hex PDU with an SMSC field");
  return pdu.length / 2 - 1 - smsc;
}
