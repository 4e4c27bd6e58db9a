import { randomUUID } from "node:crypto";
import { EventEmitter } from "node:events";
import { isSmsgwError, SmsgwError } from "../errors.js";
import { createLogger } from "../log.js";
import { reportState } from "./delivery-reports.js";
import { finishedDetail, finishedOutbound, receivedHistory } from "./history-query.js";
import { Inbox } from "./inbox/inbox.js";
import type { ModemPort } from "./modem-port.js";
import { newOutboxRecord } from "./new-record.js";
import { normaliseNumber } from "./numbers.js";
import { type KeywordAction, keywordOf } from "./opt-out/keywords.js";
import { type OptOutEntry, OptOutList } from "./opt-out/opt-out-list.js";
import { resolveSmsOptions, type SmsOptions, type SmsOptionsInput } from "./options.js";
import { detailOf, partsOf, recordChange } from "./outbound-detail.js";
import { Outbox } from "./outbox/outbox.js";
import { type Country, countryByIso, countryOfImsi } from "./policy/countries.js";
import { DestinationPolicy } from "./policy/destination-policy.js";
import { validateSendRequest } from "./request.js";
import { type LiveTouch, type OutboxRecord, publicView, type SmsPersistence } from "./state.js";
import {
  DOOR_ORIGINS,
  type HistoryPage,
  type InboundMessage,
  type OutboundDetail,
  type OutboundMessage,
  type OutboundPart,
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
  /** The durable opt-out list (default: one in memory). */
  optOuts?: OptOutList;
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
  private readonly optOutList: OptOutList;
  /** Inbound messages waiting for an opt-out change before they are announced, in order. */
  private inboundChain: Promise<void> = Promise.resolve();
  private inboundWaiting = 0;
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
    this.optOutList = opts.optOuts ?? OptOutList.inMemory();
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
      deliver: (m) => this.deliverInbound(m),
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
    await this.applyPendingKeywords();
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
    await this.inboundChain;
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
      const optedOut = this.optOutRefusal(r);
      if (optedOut !== undefined) {
        // Never queued: its story is one change, the refusal.
        r.status = "failed";
        r.error = optedOut;
        r.changes = [];
        recordChange(r, "failed", nowMs, optedOut);
      }
      fresh.push(r);
      results.push(r);
    }
    this.checkCapacity(fresh.filter((r) => r.status === "queued").length, v.origin);
    const added: OutboxRecord[] = [];
    // Runs at once (a second send with the same id sees this record) and resolves when durable.
    await this.store.update((d) => {
      for (const r of fresh) {
        if (d.outbox[r.id] !== undefined) continue;
        r.seq = d.seq++;
        r.concatRef = d.concatRef;
        d.concatRef = (d.concatRef + 1) & 0xff;
        d.outbox[r.id] = r;
        if (r.status === "failed") d.counters.failed++;
        added.push(r);
        this.outbox.queuedAdded(1);
      }
    }, touchesOf(fresh));
    this.outbox.add(added.filter((r) => r.status === "queued"));
    this.outbox.retire(added.filter((r) => r.status !== "queued"));
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

  /**
   * A message with its story: every status change with its time and error, and every part
   * with its TP-MR and status report. Live messages from the store; finished ones the service
   * remembers (as get() does) from their line in the history log. An id it does not remember
   * is not looked for in the whole log: a miss would read every history file.
   */
  async detail(id: string): Promise<OutboundDetail | undefined> {
    const r = this.store.data.outbox[id];
    if (r !== undefined) return detailOf(r);
    const done = this.recent.get(id);
    if (done === undefined) return undefined;
    const found = await finishedDetail(this.store, id);
    if (found !== undefined) return found;
    const last = {
      status: done.status,
      at: done.updatedAt,
      ...(done.error ? { error: done.error } : {}),
    };
    return {
      ...done,
      deliveryReport: false,
      origin: "local",
      history: [{ status: "queued", at: done.createdAt }, last],
      partStates: [],
    };
  }

  /** The parts of a live message as they are now (undefined once it left the live store). */
  partsOf(id: string): OutboundPart[] | undefined {
    const r = this.store.data.outbox[id];
    return r === undefined ? undefined : partsOf(r);
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

  /**
   * A low or normal priority message to a number on the opt-out list fails with
   * `sms.opted-out`, unless the request said `transactional` (a one-time code, a bank notice).
   */
  private optOutRefusal(r: OutboxRecord): OutboxRecord["error"] | undefined {
    if (!this.options.optOut.enabled || r.priority === "high" || r.transactional === true)
      return undefined;
    const entry = this.optOutList.find(r.to);
    if (entry === undefined) return undefined;
    return {
      code: "sms.opted-out",
      message: `${r.to} is on the opt-out list (${entry.source === "sms" ? `replied ${entry.keyword ?? "STOP"}` : "added by hand"} ${entry.since}); send it with "transactional": true if it must go`,
    };
  }

  /** Whether the opt-out list is kept (`sms.optOut.enabled`). */
  get optOutEnabled(): boolean {
    return this.options.optOut.enabled;
  }

  /** The numbers on the opt-out list, oldest first. */
  optOuts(): OptOutEntry[] {
    return this.optOutList.list();
  }

  /** Puts a number on the opt-out list by hand (durable when it resolves). */
  addOptOut(number: string): Promise<{ entry: OptOutEntry; added: boolean }> {
    return this.optOutList.add(number, "api", undefined, this.now());
  }

  /** Takes a number off the opt-out list (durable when it resolves); false when not on it. */
  removeOptOut(number: string): Promise<boolean> {
    return this.optOutList.remove(number);
  }

  /**
   * A new inbound message, durable in the inbox, is announced. One that is an opt-out keyword
   * first changes the list (on disk) and is announced flagged; messages behind it wait, so
   * they are announced in arrival order.
   */
  private deliverInbound(m: InboundMessage): void {
    const k = this.keywordIn(m);
    if (k === undefined && this.inboundWaiting === 0) {
      this.safeEmit("inbound", { ...m });
      return;
    }
    this.inboundWaiting++;
    this.inboundChain = this.inboundChain
      .then(async () => {
        const out = k === undefined ? m : await this.applyKeyword(m, k);
        this.safeEmit("inbound", { ...out });
      })
      .catch((err: unknown) => log.error({ err, id: m.id }, "announcing an inbound SMS failed"))
      .finally(() => {
        this.inboundWaiting--;
      });
  }

  /** The keyword a message is, when the list is kept and the sender is a phone number. */
  private keywordIn(m: InboundMessage): KeywordAction | undefined {
    if (!this.options.optOut.enabled || !m.complete || m.optOut !== undefined) return undefined;
    if (m.addressType === "alphanumeric") return undefined;
    try {
      normaliseNumber(m.from);
    } catch {
      return undefined;
    }
    return keywordOf(m.text, this.options.optOut);
  }

  /** Changes the list for a keyword message and flags the stored message; unflagged on failure. */
  private async applyKeyword(m: InboundMessage, k: KeywordAction): Promise<InboundMessage> {
    try {
      if (k.action === "stop") await this.optOutList.add(m.from, "sms", k.keyword, this.now());
      else await this.optOutList.remove(m.from);
      await this.store.update((d) => {
        const stored = d.inbox.find((x) => x.id === m.id);
        if (stored !== undefined) stored.optOut = k.action;
      });
    } catch (err) {
      log.error({ err, id: m.id }, "the opt-out list could not be changed for a keyword SMS");
      return m;
    }
    log.info({ from: m.from, action: k.action }, "opt-out list changed by SMS");
    return { ...m, optOut: k.action };
  }

  /**
   * Keyword messages stored but not yet applied (a crash between the inbox write and the
   * list's): applied in arrival order before anything is announced.
   */
  private async applyPendingKeywords(): Promise<void> {
    for (const m of [...this.store.data.inbox]) {
      const k = this.keywordIn(m);
      if (k !== undefined) await this.applyKeyword(m, k);
    }
  }

  /** Checked again right before sending: the policy may have changed since it was queued. */
  private async refusalAtSend(r: OutboxRecord): Promise<OutboxRecord["error"] | undefined> {
    const optedOut = this.optOutRefusal(r);
    if (optedOut !== undefined) return optedOut;
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

/** What a send changes in the live state: its new outbox entries and the counters. */
function touchesOf(fresh: readonly OutboxRecord[]): LiveTouch[] {
  const touched: LiveTouch[] = fresh.map((r) => ["outbox", r.id] as const);
  touched.push(["counters"]);
  return touched;
}
