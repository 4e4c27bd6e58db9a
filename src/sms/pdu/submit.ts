import { writeNumber, writeSmsc } from "./address.js";
import { encodeDcs } from "./dcs.js";
import { bytesToHex } from "./hex.js";
import { optionalInt, randomRef, requireString } from "./options.js";
import { makePlan } from "./plan.js";
import { Writer } from "./reader.js";
import type { EncodedPart, EncodeResult, SubmitOptions } from "./types.js";
import { planHasHeader, writeUserData } from "./user-data.js";
import { relativeVpOctet } from "./validity.js";

const writer = new Writer();

/**
 * SMS-SUBMIT (23.040 §9.2.2.2), one PDU per part. First octet: MTI 01, RD b2, VPF b3-4
 * (10 = relative), SRR b5, UDHI b6.
 */
export function encodeSubmit(opts: SubmitOptions): EncodeResult {
  const text = requireString(opts?.text, "text");
  const to = requireString(opts.to, "to");
  const concatRef = optionalInt(opts.concatRef, "concatRef", 0, 255) ?? randomRef(255);
  const messageRef = optionalInt(opts.messageRef, "messageRef", 0, 255) ?? 0;
  const vp = opts.validitySeconds === undefined ? -1 : relativeVpOctet(opts.validitySeconds);
  const plan = makePlan(text, {
    encoding: opts.encoding,
    maxParts: opts.maxParts,
    national: opts.national,
  });

  const w = writer.reset();
  writeSmsc(w, opts.smsc === undefined ? undefined : requireString(opts.smsc, "smsc"));
  const smscLength = w.pos;
  w.u8(
    0x01 |
      (opts.rejectDuplicates ? 0x04 : 0) |
      (vp >= 0 ? 0x10 : 0) |
      (opts.statusReport ? 0x20 : 0) |
      (planHasHeader(plan) ? 0x40 : 0),
  );
  w.u8(messageRef);
  writeNumber(w, to, "recipient");
  w.u8(0x00); // TP-PID: plain SME-to-SME
  w.u8(encodeDcs(plan.encoding, opts.flash === true));
  if (vp >= 0) w.u8(vp);
  const prefix = w.pos;

  const parts: EncodedPart[] = [];
  for (let i = 0; i + 1 < plan.bounds.length; i++) {
    w.pos = prefix;
    writeUserData(w, plan, i, concatRef);
    parts.push({ pdu: bytesToHex(w.bytes, w.pos), tpduLength: w.pos - smscLength });
  }
  return { encoding: plan.encoding, parts };
}
