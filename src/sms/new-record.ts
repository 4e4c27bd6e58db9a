import { toSmsError } from "./encode.js";
import type { SmsOptions } from "./options.js";
import { planParts } from "./pdu/index.js";
import type { ValidRequest } from "./request.js";
import type { OutboxRecord } from "./state.js";

/**
 * A validated request to one recipient as the outbox keeps it: its parts planned (refused when
 * more than `maxParts`), its expiry counted from when it may first be sent, queued.
 */
export function newOutboxRecord(
  id: string,
  to: string,
  v: ValidRequest,
  nowMs: number,
  options: SmsOptions,
): OutboxRecord {
  let plan: { encoding: OutboxRecord["encoding"]; parts: string[] };
  try {
    plan = planParts(v.text, { encoding: v.encoding, maxParts: options.maxParts });
  } catch (err) {
    throw toSmsError(err, options.maxParts);
  }
  const iso = new Date(nowMs).toISOString();
  const ttl = (v.validitySeconds ?? options.ttlSeconds) * 1000;
  const r: OutboxRecord = {
    id,
    to,
    text: v.text,
    status: "queued",
    parts: plan.parts.length,
    partsSent: 0,
    encoding: plan.encoding,
    priority: v.priority,
    createdAt: iso,
    updatedAt: iso,
    seq: 0,
    deliveryReport: v.deliveryReport ?? options.deliveryReports,
    encodingRequest: v.encoding,
    concatRef: 0,
    expiresAt: Math.max(nowMs, v.notBefore ?? nowMs) + ttl,
    attempts: 0,
    mrs: [],
    sentAt: [],
    reports: [],
    changes: [{ status: "queued", at: iso }],
  };
  if (v.origin !== "local") r.origin = v.origin;
  if (v.flash) r.flash = true;
  if (v.transactional === true) r.transactional = true;
  if (v.validitySeconds !== undefined) r.validitySeconds = v.validitySeconds;
  if (v.notBefore !== undefined && v.notBefore > nowMs) r.notBefore = v.notBefore;
  return r;
}
