import type { DeliverOptions } from "../sms/pdu/index.js";

export interface DeliverSmsOptions extends DeliverOptions {
  /**
   * Order the parts arrive in, as 0-based part positions (`[2, 0, 1]`), or "reverse".
   * Parts left out are not delivered (a lost part).
   */
  order?: number[] | "reverse";
  /** Parts (0-based) the network delivers twice; true = every part. */
  duplicate?: number[] | boolean;
  /** Gap between parts in ms (default 0: all at once). */
  intervalMs?: number;
}

/** The PDUs in the order the network hands them over, duplicates included. */
export function planDelivery(pdus: string[], opts: DeliverSmsOptions): string[] {
  let order = pdus.map((_, i) => i);
  if (opts.order === "reverse") order.reverse();
  else if (Array.isArray(opts.order)) order = opts.order.filter((i) => i >= 0 && i < pdus.length);
  const dup = opts.duplicate;
  const out: string[] = [];
  for (const i of order) {
    out.push(pdus[i]!);
    if (dup === true || (Array.isArray(dup) && dup.includes(i))) out.push(pdus[i]!);
  }
  return out;
}
