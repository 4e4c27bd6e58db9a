import type { SmsPort } from "../../mqtt/ports.js";
import type { OutboundStatus } from "../../sms/types.js";
import type { BatchRecord } from "./batch-store.js";

/** `missing`: in the batch but never queued (the request failed part-way; send it again). */
export type BatchMessageStatus = OutboundStatus | "missing";

const COUNTED: readonly BatchMessageStatus[] = [
  "queued",
  "sending",
  "sent",
  "delivered",
  "failed",
  "expired",
  "cancelled",
  "missing",
];

export interface BatchProgress {
  id: string;
  createdAt: string;
  priority: "low" | "normal";
  total: number;
  counts: Record<BatchMessageStatus, number>;
  /** Nothing left to send: every message finished (or is sent, waiting for a report). */
  done: boolean;
  cancelledAt?: string;
  messages: Array<{ id: string; to: string; status: BatchMessageStatus }>;
}

/**
 * Where each message of a batch stands: live and recently finished ones from the SMS service,
 * older finished ones from its history log (one pass for all of them).
 */
export async function progressOf(b: BatchRecord, service: SmsPort): Promise<BatchProgress> {
  const status = new Map<string, BatchMessageStatus>();
  for (const m of b.messages) {
    const got = service.get(m.id);
    if (got !== undefined) status.set(m.id, got.status);
  }
  const unknown = new Set(b.messages.map((m) => m.id).filter((id) => !status.has(id)));
  if (unknown.size > 0) {
    // Its messages finished after the batch was made: older history files are not read.
    const found = await service.finishedOutbound({
      limit: unknown.size,
      since: Date.parse(b.createdAt),
      filter: (m) => unknown.has(m.id),
    });
    for (const e of found)
      if (!status.has(e.message.id)) status.set(e.message.id, e.message.status);
  }
  const counts = Object.fromEntries(COUNTED.map((s) => [s, 0])) as BatchProgress["counts"];
  const messages = b.messages.map((m) => {
    const s = status.get(m.id) ?? "missing";
    counts[s]++;
    return { id: m.id, to: m.to, status: s };
  });
  const p: BatchProgress = {
    id: b.id,
    createdAt: b.createdAt,
    priority: b.priority,
    total: b.messages.length,
    counts,
    done: counts.queued + counts.sending + counts.missing === 0,
    messages,
  };
  if (b.cancelledAt !== undefined) p.cancelledAt = b.cancelledAt;
  return p;
}
