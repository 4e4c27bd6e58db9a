import { writeOriginator, writeSmsc } from "./address.js";
import { encodeDcs } from "./dcs.js";
import { bytesToHex } from "./hex.js";
import { optionalInt, randomRef, requireString } from "./options.js";
import { makePlan } from "./plan.js";
import { Writer } from "./reader.js";
import { writeScts } from "./scts.js";
import type { DeliverOptions } from "./types.js";
import { planHasHeader, writeUserData } from "./user-data.js";

const writer = new Writer();

/**
 * SMS-DELIVER (23.040 §9.2.2.1), for the simulator to inject inbound messages. First octet:
 * MTI 00, MMS b2 (1 = no more messages), SRI b5, UDHI b6.
 */
export function encodeDeliver(opts: DeliverOptions): string[] {
  const text = requireString(opts?.text, "text");
  const from = requireString(opts.from, "from");
  const refBits = opts.concatRef16 ? 16 : 8;
  const concatRef =
    optionalInt(opts.concatRef, "concatRef", 0, refBits === 16 ? 0xffff : 0xff) ??
    randomRef(refBits === 16 ? 0xffff : 0xff);
  const pid = optionalInt(opts.pid, "pid", 0, 255) ?? 0;
  const plan = makePlan(text, {
    encoding: opts.encoding,
    maxParts: opts.maxParts ?? 255,
    national: opts.national,
    refBits,
  });

  const w = writer.reset();
  writeSmsc(w, opts.smsc === undefined ? undefined : requireString(opts.smsc, "smsc"));
  w.u8(
    0x00 |
      (opts.moreMessages ? 0 : 0x04) |
      (opts.statusReportIndication ? 0x20 : 0) |
      (planHasHeader(plan) ? 0x40 : 0),
  );
  writeOriginator(w, from, opts.fromType);
  w.u8(pid);
  w.u8(encodeDcs(plan.encoding, opts.flash === true));
  writeScts(w, opts.timestamp ?? new Date(), opts.tzOffsetMinutes ?? 0);
  const prefix = w.pos;

  const pdus: string[] = [];
  for (let i = 0; i + 1 < plan.bounds.length; i++) {
    w.pos = prefix;
    writeUserData(w, plan, i, concatRef);
    pdus.push(bytesToHex(w.bytes, w.pos));
  }
  return pdus;
}
