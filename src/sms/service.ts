import { randomUUID } from "node:crypto";
import { EventEmitter } from "node:events";
import { SmsgwError } from "../errors.js";
import { createLogger } from "../log.js";
import { toSmsError } from "./encode.js";
import { Inbox } from "./inbox/inbox.js";
import type { ModemPort } from "./modem-port.js";
import { resolveSmsOptions, type SmsOptions, type SmsOptionsInput } from "./options.js";
import { Outbox } from "./outbox/outbox.js";
import { planParts } from "./pdu/index.js";
import { type ValidRequest, validateSendRequest } from "./request.js";
import { type OutboxRecord, publicView, type SmsPersistence } from "./state.js";
import type { InboundMessage, OutboundMessage, SendRequest, SmsStats } from "./types.js";

const log = createLogger("sms");

export interface SmsServiceOptions {
  modem: ModemPort;
  store: SmsPersistence;
  options?: SmsOptionsInput;
  /** Clock (epoch ms); tests use fake timers instead. */
  now?: () => number;
}

export interface SmsServiceEvents {
  outbound: [OutboundMessage];
  inbound: [InboundMessage];
}

/**
 * The SMS service: a durable outbox (priority, retries with per-destination backoff, rate
 * limits, send window, TTL, delivery reports) and inbox (read, persist, then delete from the
 * SIM; reassembly; duplicates dropped) on top of a ready modem. Knows nothing of MQTT.
 *
 *   send(req) ─► validate, plan parts ─► Outbox: queued (on disk) ─► resolve
 *                                          └─ loop: limits, window ─► Sender: AT+CMGS ─► modem
 *   modem URC +CMTI ─► Inbox: AT+CMGR ─► decode, reassemble ─► on disk ─► AT+CMGD
 *                        ├─ `inbound` event ─► (bridge publishes) ─► ackInbound(id)
 *                        └─ status report ─► Outbox: delivered / failed (on disk)
 *   every status change: on disk first ─► `outbound` event
 *
 * Events, each emitted only after the change is durable:
 * - `outbound` (OutboundMessage): every status change of an outbound message;
 * - `inbound` (InboundMessage): a new inbound message, also in `pendingInbound()` until acked.
 */
export class SmsService extends EventEmitter<SmsServiceEvents> {
  readonly options: SmsOptions;
  private readonly store: SmsPersistence;
  private readonly now: () => number;
  private readonly outbox: Outbox;
  private readonly inbox: Inbox;
  /** Recently finished messages (no longer live) for get() and idempotent ids. */
  private readonly recent = new Map<string, OutboundMessage>();
  private started = false;

  constructor(opts: SmsServiceOptions) {
    super();
    this.options = resolveSmsOptions(opts.options);
    this.store = opts.store;
    this.now = opts.now ?? Date.now;
    this.outbox = new Outbox({
      persistence: this.store,
      modem: opts.modem,
      options: this.options,
      now: this.now,
      announce: (m) => this.safeEmit("outbound", m),
      retired: (m) => this.remember(m),
    });
    this.inbox = new Inbox({
      persistence: this.store,
      modem: opts.modem,
      options: this.options,
      now: this.now,
      deliver: (m) => this.safeEmit("inbound", { ...m }),
      report: (r) => this.outbox.applyReport(r),
    });
  }

  async start(): Promise<void> {
    if (this.started) return;
    this.started = true;
    await this.loadRecent();
    await this.outbox.start();
    this.inbox.start();
    log.info(
      { queued: this.outbox.queuedCount, inbox: this.store.data.inbox.length },
      "SMS service started",
    );
  }

  async stop(): Promise<void> {
    if (!this.started) return;
    this.started = false;
    await this.inbox.stop();
    await this.outbox.stop();
  }

  /**
   * Queues a message per recipient; resolves once they are durable. The same id again gives
   * the existing message (whatever its state), never a second SMS.
   */
  async send(req: SendRequest): Promise<OutboundMessage[]> {
    const v = validateSendRequest(req);
    const nowMs = this.now();
    const results: Array<OutboundMessage | OutboxRecord> = [];
    const fresh: OutboxRecord[] = [];
    for (const to of v.recipients) {
      const id =
        v.id === undefined ? randomUUID() : v.recipients.length > 1 ? `${v.id}:${to}` : v.id;
      const existing = this.store.data.outbox[id] ?? this.recent.get(id);
      if (existing !== undefined) {
        results.push(existing);
        continue;
      }
      const r = this.newRecord(id, to, v, nowMs);
      fresh.push(r);
      results.push(r);
    }
    if (fresh.length > 0 && this.outbox.queuedCount + fresh.length > this.options.queueCapacity)
      throw new SmsgwError(
        "sms.queue-full",
        `the outbox is full (${this.options.queueCapacity} messages waiting); try again later`,
        { details: { capacity: this.options.queueCapacity } },
      );
    const added: OutboxRecord[] = [];
    // Runs at once (a second send with the same id sees this record) and resolves when durable.
    await this.store.update((d) => {
      for (const r of fresh) {
        if (d.outbox[r.id] !== undefined) continue;
        r.seq = d.seq++;
        r.concatRef = d.concatRef;
        d.concatRef = (d.concatRef + 1) & 0xff;
        d.outbox[r.id] = r;
        added.push(r);
      }
    });
    this.outbox.add(added);
    for (const r of added) this.safeEmit("outbound", publicView(r));
    return results.map((r) =>
      "seq" in r ? publicView(this.store.data.outbox[r.id] ?? r) : { ...r },
    );
  }

  /** Cancels a queued message. Returns it (cancelled, or as it is when too late), or undefined. */
  async cancel(id: string): Promise<OutboundMessage | undefined> {
    const r = this.store.data.outbox[id];
    if (r === undefined) {
      const done = this.recent.get(id);
      return done === undefined ? undefined : { ...done };
    }
    await this.outbox.cancel(r);
    return publicView(r);
  }

  get(id: string): OutboundMessage | undefined {
    const r = this.store.data.outbox[id];
    if (r !== undefined) return publicView(r);
    const done = this.recent.get(id);
    return done === undefined ? undefined : { ...done };
  }

  /** Live (unfinished) outbound messages in arrival order. */
  list(): OutboundMessage[] {
    return Object.values(this.store.data.outbox)
      .sort((a, b) => a.seq - b.seq)
      .map(publicView);
  }

  stats(): SmsStats {
    const c = this.store.data.counters;
    return {
      queued: this.outbox.queuedCount,
      sent: c.sent,
      delivered: c.delivered,
      failed: c.failed,
      received: c.received,
    };
  }

  pendingInbound(): InboundMessage[] {
    return this.inbox.pending();
  }

  ackInbound(id: string): Promise<void> {
    return this.inbox.ack(id);
  }

  /** Reads everything stored on the SIM now (normally done at start and periodically). */
  sweepInbox(): Promise<void> {
    return this.inbox.sweep();
  }

  private newRecord(id: string, to: string, v: ValidRequest, nowMs: number): OutboxRecord {
    let plan: { encoding: OutboxRecord["encoding"]; parts: string[] };
    try {
      plan = planParts(v.text, { encoding: v.encoding, maxParts: this.options.maxParts });
    } catch (err) {
      throw toSmsError(err, this.options.maxParts);
    }
    const iso = new Date(nowMs).toISOString();
    const ttl = (v.validitySeconds ?? this.options.ttlSeconds) * 1000;
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
      deliveryReport: v.deliveryReport ?? this.options.deliveryReports,
      encodingRequest: v.encoding,
      concatRef: 0,
      expiresAt: Math.max(nowMs, v.notBefore ?? nowMs) + ttl,
      attempts: 0,
      mrs: [],
      sentAt: [],
      reports: [],
    };
    if (v.flash) r.flash = true;
    if (v.validitySeconds !== undefined) r.validitySeconds = v.validitySeconds;
    if (v.notBefore !== undefined && v.notBefore > nowMs) r.notBefore = v.notBefore;
    return r;
  }

  /** Seeds the finished-id memory from the history, so an id stays idempotent over a restart. */
  private async loadRecent(): Promise<void> {
    if (this.store.recentOutbound === undefined) return;
    try {
      const done = await this.store.recentOutbound(this.recentCapacity());
      for (const m of done.reverse())
        if (this.store.data.outbox[m.id] === undefined) this.remember(m);
    } catch (err) {
      log.warn({ err }, "could not read recent history; ids of older messages are not remembered");
    }
  }

  private recentCapacity(): number {
    return Math.max(1_000, this.options.queueCapacity);
  }

  private remember(m: OutboundMessage): void {
    this.recent.delete(m.id);
    this.recent.set(m.id, m);
    const cap = this.recentCapacity();
    while (this.recent.size > cap) {
      const oldest = this.recent.keys().next().value;
      if (oldest === undefined) break;
      this.recent.delete(oldest);
    }
  }

  /** One failing listener must not break the service (or the other listeners). */
  private safeEmit<K extends keyof SmsServiceEvents>(event: K, ...args: SmsServiceEvents[K]): void {
    for (const l of this.listeners(event)) {
      try {
        (l as (...a: SmsServiceEvents[K]) => unknown)(...args);
      } catch (err) {
        log.error({ err, event }, "an SMS event listener threw");
      }
    }
  }
}
