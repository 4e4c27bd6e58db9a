import { sameNumber } from "./numbers.js";

/**
 * Status reports (SMS-STATUS-REPORT, 23.040 §9.2.2.3) carry only the TP-MR the modem gave the
 * part, the recipient and the SC timestamp of the submit. TP-MR is one octet and wraps at 255,
 * so several sent parts can share a reference: the match takes the parts with that reference
 * still waiting, prefers the recipient named in the report, and among those the one whose send
 * time is closest to the report's SC timestamp (the most recent when the report has none).
 */

export interface ReportCandidate {
  messageId: string;
  /** 0-based part index. */
  part: number;
  to: string;
  mr: number;
  /** When the modem accepted the part (epoch ms). */
  sentAt: number;
}

export interface StatusReport {
  reference: number;
  recipient?: string;
  status: number;
  /** SC timestamp (when the SC took the submit), ISO 8601. */
  timestamp?: string;
  dischargeTime?: string;
}

export function matchReport(
  report: StatusReport,
  candidates: Iterable<ReportCandidate>,
): ReportCandidate | undefined {
  const mr = report.reference & 0xff;
  const sameRef: ReportCandidate[] = [];
  for (const c of candidates) if ((c.mr & 0xff) === mr) sameRef.push(c);
  if (sameRef.length === 0) return undefined;
  const recipient = report.recipient;
  const byRecipient =
    recipient === undefined || recipient === ""
      ? sameRef
      : sameRef.filter((c) => sameNumber(c.to, recipient));
  // A report whose recipient matches none of ours is not for us (or the SC rewrote the
  // number beyond recognition): trust the reference only when the recipient is absent.
  if (byRecipient.length === 0) return undefined;
  const scTime = report.timestamp === undefined ? Number.NaN : Date.parse(report.timestamp);
  let best: ReportCandidate | undefined;
  let bestScore = Number.POSITIVE_INFINITY;
  for (const c of byRecipient) {
    const score = Number.isNaN(scTime) ? -c.sentAt : Math.abs(c.sentAt - scTime);
    if (score < bestScore) {
      best = c;
      bestScore = score;
    }
  }
  return best;
}

export type PartReportState = "delivered" | "pending" | "failed";

/**
 * TP-ST (23.040 §9.2.3.15): 0x00–0x1F transaction completed (delivered, forwarded, replaced);
 * 0x20–0x3F temporary error, SC still trying; 0x40–0x5F permanent error; 0x60–0x7F temporary
 * error, SC no longer trying — final failure for us. Reserved values count as failure.
 */
export function reportState(status: number): PartReportState {
  if (status >= 0 && status <= 0x1f) return "delivered";
  if (status >= 0x20 && status <= 0x3f) return "pending";
  return "failed";
}

/** A message is delivered when every part is; failed as soon as one part failed. */
export function aggregateParts(parts: readonly PartReportState[]): PartReportState {
  if (parts.some((p) => p === "failed")) return "failed";
  if (parts.length > 0 && parts.every((p) => p === "delivered")) return "delivered";
  return "pending";
}

export function describeReportStatus(status: number): string {
  const known: Record<number, string> = {
    0: "received by the recipient",
    1: "forwarded, delivery unconfirmed",
    2: "replaced by the SC",
    32: "congestion",
    33: "recipient busy",
    34: "no response from recipient",
    35: "service rejected",
    36: "quality of service not available",
    37: "error in recipient",
    64: "remote procedure error",
    65: "incompatible destination",
    66: "connection rejected by recipient",
    67: "not obtainable",
    68: "quality of service not available",
    69: "no interworking available",
    70: "validity period expired",
    71: "deleted by originating SME",
    72: "deleted by SC administration",
    73: "message does not exist",
    96: "congestion, SC gave up",
    97: "recipient busy, SC gave up",
    98: "no response from recipient, SC gave up",
    99: "service rejected, SC gave up",
    100: "quality of service not available, SC gave up",
    101: "error in recipient, SC gave up",
  };
  return known[status] ?? `status 0x${status.toString(16).padStart(2, "0")}`;
}
