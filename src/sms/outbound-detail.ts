import { describeReportStatus } from "./delivery-reports.js";
import { type OutboxRecord, publicView } from "./state.js";
import type { OutboundDetail, OutboundPart, OutboundStatus, StatusChange } from "./types.js";

/**
 * The story of an outbound message as the doors show it: each status change with its time
 * and error, and each part with the reference the modem gave it and its status report.
 */

/** Changes kept per message: the first and the latest ones (a long retry loop is cut short). */
export const MAX_CHANGES = 50;

/** Records a status change on the record (inside the store update that makes it durable). */
export function recordChange(
  r: OutboxRecord,
  status: OutboundStatus,
  atMs: number,
  error?: StatusChange["error"],
): void {
  const change: StatusChange = { status, at: new Date(atMs).toISOString() };
  if (error !== undefined) change.error = { ...error };
  const changes = r.changes ?? [];
  changes.push(change);
  // The first change (queued) says when the story began; the rest are the latest.
  if (changes.length > MAX_CHANGES) changes.splice(1, changes.length - MAX_CHANGES);
  r.changes = changes;
}

/** The history of a record; records from before changes were kept get their two known points. */
function historyOf(r: OutboxRecord): StatusChange[] {
  if (r.changes !== undefined && r.changes.length > 0) return r.changes.map((c) => ({ ...c }));
  const first: StatusChange = { status: "queued", at: r.createdAt };
  if (r.status === "queued") return [first];
  const last: StatusChange = { status: r.status, at: r.updatedAt };
  if (r.error !== undefined) last.error = { ...r.error };
  return [first, last];
}

export function partsOf(r: OutboxRecord): OutboundPart[] {
  const out: OutboundPart[] = [];
  for (let i = 0; i < r.parts; i++) {
    const mr = r.mrs[i];
    const sent = i < r.partsSent && mr !== undefined && mr >= 0;
    const at = r.sentAt[i];
    const p: OutboundPart = {
      part: i + 1,
      reference: sent ? mr : null,
      sentAt: sent && at !== undefined ? new Date(at).toISOString() : null,
      report: sent && r.deliveryReport ? (r.reports[i] ?? "pending") : "none",
    };
    const st = r.reportStatus?.[i];
    if (st !== undefined && st !== null) {
      p.reportStatus = st;
      p.reportText = describeReportStatus(st);
    }
    const rat = r.reportAt?.[i];
    if (rat !== undefined && rat !== null) p.reportAt = new Date(rat).toISOString();
    out.push(p);
  }
  return out;
}

export function detailOf(r: OutboxRecord): OutboundDetail {
  return {
    ...publicView(r),
    deliveryReport: r.deliveryReport,
    origin: r.origin ?? "local",
    history: historyOf(r),
    partStates: partsOf(r),
  };
}
