import { headerOctets, headerSeptets, type Plan } from "./plan.js";
import type { Writer } from "./reader.js";
import { packSeptets } from "./septets.js";
import { writeUcs2 } from "./ucs2.js";
import { buildUdh } from "./udh.js";

/** Whether part headers are needed (TP-UDHI). */
export function planHasHeader(plan: Plan): boolean {
  return headerOctets(plan, plan.bounds.length > 2) > 0;
}

/** Writes TP-UDL and TP-UD for part `index` of `plan` (23.040 §9.2.3.16, §9.2.3.24). */
export function writeUserData(w: Writer, plan: Plan, index: number, concatRef: number): void {
  const total = plan.bounds.length - 1;
  const a = plan.bounds[index]!;
  const b = plan.bounds[index + 1]!;
  const ies = buildUdh(
    total > 1 ? concatRef : null,
    plan.refBits,
    total,
    index + 1,
    plan.charset?.locking ?? 0,
    plan.charset?.single ?? 0,
  );
  const udlPos = w.pos++;
  const udStart = w.pos;
  const h = ies.length === 0 ? 0 : ies.length + 1;
  if (h > 0) {
    w.u8(ies.length);
    w.put(ies);
  }
  if (plan.septets !== null) {
    const hs = h === 0 ? 0 : headerSeptets(h);
    const count = b - a;
    w.pos = udStart + packSeptets(plan.septets.subarray(a, b), count, w.bytes, udStart, hs);
    w.bytes[udlPos] = hs + count;
  } else {
    const len = writeUcs2(plan.text, a, b, w.bytes, w.pos);
    w.pos += len;
    w.bytes[udlPos] = h + len;
  }
}
