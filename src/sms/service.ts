import { randomUUID } from "node:crypto";
import { EventEmitter } from "node:events";
import { isSmsgwError, SmsgwError } from "../errors.js";
import { createLogger } from "../log.js";
import { reportState } from "./delivery-reports.js";
import { finishedOutbound, receivedHistory } from "./history-query.js";
import { Inbox } from "./inbox/inbox.js";
import type { ModemPort } from "./modem-port.js";
import { newOutboxRecord } from "./new-record.js";
import { normaliseNumber } from "./numbers.js";
import { resolveSmsOptions, type SmsOptions, type SmsOptionsInput } from "./options.js";
import { Outbox } from "./outbox/outbox.js";
import { type Country, countryByIso, countryOfImsi } from "./policy/countries.js";
import { DestinationPolicy } from "./policy/destination-policy.js";
import { validateSendRequest } from "./request.js";
import { type OutboxRecord, publicView, type SmsPersistence } from "./state.js";
import {
  DOOR_ORIGINS,
  type HistoryPage,
  type InboundMessage,
  type OutboundMessage,
  type SendOrigin,
  type SendRequest,
  type SmsStats,
} from "./types.js";

const log = createLogger("sms");

export interface SmsServiceOptions {
  modem: ModemPort;
  store: SmsPersistence;
  options?: SmsOptionsInput;
  /** Clock (epoch ms); tests use fake timers instead. */
  now?: () => number;
}

/**
 * A delivery report as received: `delivered`, `temporary` (the SC is still trying),
 * `permanent` (it gave up), or `unmatched` (it names no message waiting for one).
 */
export interface DeliveryReportSeen {
  result: "delivered" | "temporary" | "permanent" | "unmatched";
}

export interface SmsServiceEvents {
  outbound: [OutboundMessage];
  inbound: [InboundMessage];
  report: [DeliveryReportSeen];
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
 * - `inbound` (InboundMessage): a new inbound message, also in `pendingInbound()` until acked;
 * - `report` (DeliveryReportSeen): a status report was applied (or matched nothing).
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
  private readonly modem: ModemPort;
  private readonly policy: DestinationPolicy;
  /** The IMSI was read since the modem last became ready (no second AT+CIMI until then). */
  private imsiRead = false;
  private readonly onModemState = (e: { to: string }) => {
    if (e.to !== "ready") return;
    this.imsiRead = false;
    void this.learnSimCountry();
  };

  constructor(opts: SmsServiceOptions) {
    super();
    this.options = resolveSmsOptions(opts.options);
    this.store = opts.store;
    this.modem = opts.modem;
    this.now = opts.now ?? Date.now;
    this.policy = new DestinationPolicy(this.options.policy, () => this.simCountry);
    this.outbox = new Outbox({
      persistence: this.store,
      modem: opts.modem,
      options: this.options,
      now: this.now,
      announce: (m) => this.safeEmit("outbound", m),
      retired: (m) => this.remember(m),
      refusal: (r) => this.refusalAtSend(r),
    });
    this.inbox = new Inbox({
      persistence: this.store,
      modem: opts.modem,
      options: this.options,
      now: this.now,
      deliver: (m) => this.safeEmit("inbound", { ...m }),
      report: async (r) => {
        const matched = await this.outbox.applyReport(r);
        this.safeEmit("report", { result: matched ? reportResult(r.status) : "unmatched" });
        return matched;
      },
    });
  }

  async start(): Promise<void> {
    if (this.started) return;
    this.started = true;
    await this.loadRecent();
    await this.outbox.start();
    this.inbox.start();
    this.modem.on("state", this.onModemState);
    if (this.modem.state === "ready") await this.learnSimCountry();
    log.info(
      { queued: this.outbox.queuedCount, inbox: this.store.data.inbox.length },
      "SMS service started",
    );
  }

  async stop(): Promise<void> {
    if (!this.started) return;
    this.started = false;
    this.modem.off("state", this.onModemState);
    await this.inbox.stop();
    await this.outbox.stop();
  }

  /** The SIM's country, from its IMSI (remembered in the store from an earlier start). */
  get simCountry(): Country | undefined {
    const iso = this.store.data.simCountry;
    return iso === undefined ? undefined : countryByIso(iso);
  }

  /**
   * Queues a message per recipient; resolves once they are durable. The same id again gives
   * the existing message (whatever its state), never a second SMS. Every recipient must pass
   * the destination policy (`sms.destination-denied`), a request names at most
   * `maxRecipients` (`sms.too-many-recipients`), and requests from the doors (origin `mqtt`, …)
   * may not fill the part of the outbox kept for alerts and replies (`sms.queue-full`).
   */
  async send(req: SendRequest): Promise<OutboundMessage[]> {
    const v = validateSendRequest(req);
    if (v.recipients.length > this.options.maxRecipients)
      throw new SmsgwError(
        "sms.too-many-recipients",
        `${v.recipients.length} recipients in one request; at most ${this.options.maxRecipients} (sms.maxRecipients)`,
        { details: { recipients: v.recipients.length, max: this.options.maxRecipients } },
      );
    for (const to of v.recipients) this.checkDestination(to, true);
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
      const r = newOutboxRecord(id, to, v, nowMs, this.options);
      fresh.push(r);
      results.push(r);
    }
    this.checkCapacity(fresh.length, v.origin);
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

  /** Who asked for a live (unfinished) message; undefined when there is none with that id. */
  originOf(id: string): SendOrigin | undefined {
    const r = this.store.data.outbox[id];
    return r === undefined ? undefined : (r.origin ?? "local");
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

  /** Live (unfinished) outbound messages in arrival order; only those of `origins` when given. */
  list(filter: { origins?: readonly SendOrigin[] } = {}): OutboundMessage[] {
    const origins = filter.origins;
    return Object.values(this.store.data.outbox)
      .filter((r) => origins === undefined || origins.includes(r.origin ?? "local"))
      .sort((a, b) => a.seq - b.seq)
      .map(publicView);
  }

  /**
   * Finished outbound messages from the history log, newest first (by when they finished),
   * each with who asked for it: at most `limit`, finished at or before `until` and at or
   * after `since` (epoch ms), that pass `filter`.
   */
  finishedOutbound(
    q: HistoryPage<OutboundMessage & { origin: SendOrigin }>,
  ): Promise<Array<{ at: number; message: OutboundMessage; origin: SendOrigin }>> {
    return finishedOutbound(this.store, q);
  }

  /** Received messages already handed on (acknowledged), newest first; as finishedOutbound. */
  receivedHistory(
    q: HistoryPage<InboundMessage>,
  ): Promise<Array<{ at: number; message: InboundMessage }>> {
    return receivedHistory(this.store, q);
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

  /**
   * The destination policy for one recipient. Before the SIM's country is first known (a new
   * gateway whose modem was never ready) a message the policy cannot decide yet is queued and
   * decided when it is about to be sent (`refusalAtSend`).
   */
  private checkDestination(to: string, deferUnknownCountry: boolean): void {
    try {
      this.policy.check(to, normaliseNumber(to).kind);
    } catch (err) {
      if (
        deferUnknownCountry &&
        isSmsgwError(err, "sms.destination-denied") &&
        err.details.reason === "sim-country-unknown"
      )
        return;
      throw err;
    }
  }

  /** Checked again right before sending: the policy may have changed since it was queued. */
  private async refusalAtSend(r: OutboxRecord): Promise<OutboxRecord["error"] | undefined> {
    if (this.store.data.simCountry === undefined && !this.imsiRead) await this.learnSimCountry();
    try {
      this.checkDestination(r.to, false);
      return undefined;
    } catch (err) {
      if (!isSmsgwError(err)) throw err;
      log.warn({ id: r.id, code: err.code, error: err.message }, "message refused before sending");
      return { code: err.code, message: err.message };
    }
  }

  /**
   * The outbox holds `queueCapacity` messages; the doors' requests only up to the part not
   * reserved, so a flood from outside can never keep an alert or a reply from being queued.
   */
  private checkCapacity(adding: number, origin: SendOrigin): void {
    if (adding === 0) return;
    const capacity = this.options.queueCapacity;
    const door = DOOR_ORIGINS.includes(origin);
    const limit = door
      ? Math.floor((capacity * (100 - this.options.reservedQueuePercent)) / 100)
      : capacity;
    const queued = this.outbox.queuedCount;
    if (queued + adding <= limit) return;
    throw new SmsgwError(
      "sms.queue-full",
      door && limit < capacity
        ? `the outbox is full for ${origin} requests (${queued} of ${capacity} messages waiting; the last ${this.options.reservedQueuePercent}% is kept for alerts and replies); try again later`
        : `the outbox is full (${capacity} messages waiting); try again later`,
      { details: { capacity, limit, queued, origin } },
    );
  }

  /** Reads the IMSI (AT+CIMI) for the SIM's country; remembered in the store when it changes. */
  private async learnSimCountry(): Promise<void> {
    let imsi: string | undefined;
    try {
      const res = await this.modem.at.run({ command: "AT+CIMI" });
      imsi = res.lines.map((l) => /(\d{6,15})/.exec(l)?.[1]).find((x) => x !== undefined);
    } catch (err) {
      log.warn({ err }, "could not read the IMSI; the SIM's country stays as it was");
      return;
    }
    if (imsi === undefined) return;
    this.imsiRead = true;
    const country = countryOfImsi(imsi);
    if (country === undefined) {
      log.warn(
        { mcc: imsi.slice(0, 3) },
        "the SIM's country (MCC) is not in the country table: name the allowed countries in sms.policy.allowedCountries",
      );
      return;
    }
    if (this.store.data.simCountry === country.iso) return;
    await this.store.update((d) => {
      d.simCountry = country.iso;
    });
    log.info({ country: country.iso }, "the SIM's country");
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

function reportResult(status: number): DeliveryReportSeen["result"] {
  const state = reportState(status);
  return state === "delivered" ? "delivered" : state === "pending" ? "temporary" : "permanent";
}
