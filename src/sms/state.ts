import type { PartReportState } from "./delivery-reports.js";
import type { PartialMessage } from "./inbox/reassembly.js";
import type {
  Encoding,
  InboundMessage,
  OutboundMessage,
  OutboundPart,
  Priority,
  SendOrigin,
  StatusChange,
} from "./types.js";

/**
 * The service's live state as it sits in the durable store file. Kept small and bounded:
 * only unfinished outbound messages, inbound messages not yet handed on, partial multiparts
 * and a short memory of fingerprints. Finished messages go to the history log.
 */
export interface SmsLiveState {
  version: 1;
  /** Unfinished outbound messages by id (queued, sending, sent-awaiting-reports). */
  outbox: Record<string, OutboxRecord>;
  /** Inbound messages not yet acknowledged by a consumer, arrival order. */
  inbox: InboundMessage[];
  partials: PartialMessage[];
  /** Fingerprints of recently received parts (network duplicates are dropped). */
  seen: string[];
  /** Next concatenation reference (23.040 §9.2.3.24.1), 0–255. */
  concatRef: number;
  /** Arrival counter: keeps FIFO order within a priority across restarts. */
  seq: number;
  counters: { sent: number; delivered: number; failed: number; received: number };
  /** ISO code of the SIM's country (from its IMSI), kept for sends before the modem is ready. */
  simCountry?: string;
}

/** One outbound message with what the service needs to send it and to match its reports. */
export interface OutboxRecord extends OutboundMessage {
  seq: number;
  flash?: boolean;
  validitySeconds?: number;
  deliveryReport: boolean;
  encodingRequest: "auto" | "gsm7" | "ucs2";
  concatRef: number;
  /** Epoch ms: not before / must be sent by. */
  notBefore?: number;
  expiresAt: number;
  /** Temporary errors so far. */
  attempts: number;
  /** Per part: TP-MR from `+CMGS`, accept time, report state. */
  mrs: number[];
  sentAt: number[];
  reports: PartReportState[];
  /** Per part: the status report's TP-ST and when it came (epoch ms). */
  reportStatus?: number[];
  reportAt?: number[];
  /** Every status change, oldest first (absent in records from before it was kept). */
  changes?: StatusChange[];
  /** Sent even to a number on the opt-out list (the request said `transactional`). */
  transactional?: boolean;
  /** Who asked for it (absent in records from before origins: treated as `local`). */
  origin?: SendOrigin;
}

export function emptyLiveState(): SmsLiveState {
  return {
    version: 1,
    outbox: {},
    inbox: [],
    partials: [],
    seen: [],
    concatRef: Math.floor(Math.random() * 256),
    seq: 0,
    counters: { sent: 0, delivered: 0, failed: 0, received: 0 },
  };
}

/** Fills in fields a state file from an older or damaged run may lack. */
export function normaliseLiveState(s: Partial<SmsLiveState> | undefined): SmsLiveState {
  const base = emptyLiveState();
  if (s === undefined || s === null || typeof s !== "object") return base;
  return {
    version: 1,
    outbox: s.outbox && typeof s.outbox === "object" ? s.outbox : base.outbox,
    inbox: Array.isArray(s.inbox) ? s.inbox : base.inbox,
    partials: Array.isArray(s.partials) ? s.partials : base.partials,
    seen: Array.isArray(s.seen) ? s.seen : base.seen,
    concatRef: typeof s.concatRef === "number" ? s.concatRef & 0xff : base.concatRef,
    seq: typeof s.seq === "number" ? s.seq : 0,
    counters: { ...base.counters, ...s.counters },
    ...(typeof s.simCountry === "string" ? { simCountry: s.simCountry } : {}),
  };
}

/** The public view of a record (no internal fields). */
export function publicView(r: OutboxRecord): OutboundMessage {
  const m: OutboundMessage = {
    id: r.id,
    to: r.to,
    text: r.text,
    status: r.status,
    parts: r.parts,
    partsSent: r.partsSent,
    encoding: r.encoding as Encoding,
    priority: r.priority as Priority,
    createdAt: r.createdAt,
    updatedAt: r.updatedAt,
  };
  if (r.error !== undefined) m.error = { ...r.error };
  return m;
}

/** A line in the history log. */
export type HistoryRecord =
  | ({
      kind: "outbound";
      finishedAt: string;
      origin?: SendOrigin;
      /** The message's story (absent in lines from before it was kept). */
      deliveryReport?: boolean;
      history?: StatusChange[];
      partStates?: OutboundPart[];
    } & OutboundMessage)
  | ({ kind: "inbound"; ackedAt: string } & InboundMessage)
  | { kind: "inbound-undecodable"; at: string; pdu: string; reason: string };

/** A change to the live state: a whole key, or one outbox entry by id. */
export type LiveTouch = readonly [keyof SmsLiveState] | readonly ["outbox", string];

/**
 * Where the service keeps its state: the store's durable live file plus the history log.
 * `update` runs the mutator on `data` at once and resolves when that change is on disk
 * (writes made close together are coalesced by the store).
 */
export interface SmsPersistence {
  readonly data: SmsLiveState;
  /**
   * With `touched`, the mutator changed only the outbox entries and whole keys it names
   * (besides top-level numbers): the store then compares only those. Hot paths only.
   */
  update(mutator: (d: SmsLiveState) => void, touched?: LiveTouch[]): Promise<void>;
  appendHistory(records: HistoryRecord[]): Promise<void>;
  /** The newest finished outbound messages (newest first), to remember ids across restarts. */
  recentOutbound?(limit: number): Promise<OutboundMessage[]>;
  /**
   * History records, newest first: at most `limit`, appended at or before `until` (epoch ms)
   * and at or after `since`, that pass `filter`.
   */
  queryHistory?(q: {
    limit: number;
    until?: number;
    since?: number;
    filter?: (r: HistoryRecord) => boolean;
  }): Promise<Array<{ at: number; record: HistoryRecord }>>;
  /** Delete history files past the retention (housekeeping); returns the files removed. */
  pruneHistory?(): Promise<string[]>;
  close?(): Promise<void>;
}
