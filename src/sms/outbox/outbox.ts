import { createLogger } from "../../log.js";
import {
  aggregateParts,
  describeReportStatus,
  matchReport,
  type ReportCandidate,
  reportState,
  type StatusReport,
} from "../delivery-reports.js";
import { encodeRecord } from "../encode.js";
import { isReady, type ModemPort } from "../modem-port.js";
import type { SmsOptions } from "../options.js";
import { recordChange } from "../outbound-detail.js";
import { sendParts } from "../sender.js";
import { type OutboxRecord, publicView, type SmsPersistence } from "../state.js";
import type { OutboundMessage, OutboundStatus } from "../types.js";
import { DestinationBackoff } from "./backoff.js";
import { classifySendError } from "./failure.js";
import { ModemScope } from "./modem-scope.js";
import { OutboxQueue } from "./queue.js";
import { RateLimiter } from "./rate-limiter.js";
import { Retirer } from "./retirer.js";
import { nextWindowOpen } from "./send-window.js";
import { Wakeup } from "./wakeup.js";

const log = createLogger("sms:outbox");
const HOUSEKEEPING_MS = 60_000;

export interface OutboxDeps {
  persistence: SmsPersistence;
  modem: ModemPort;
  options: SmsOptions;
  now: () => number;
  /** Status change (as it was at the change), called once it is durable. */
  announce: (m: OutboundMessage) => void;
  /** A finished message left the live state (it is in the history log). */
  retired: (m: OutboundMessage) => void;
  /**
   * Asked right before a message is sent: an error fails it instead (the destination policy,
   * which may have changed, or could not be decided, since the message was queued).
   */
  refusal?: (r: OutboxRecord) => Promise<OutboxRecord["error"] | undefined>;
}

/**
 * The sending loop: picks the next message (priority, FIFO, not-before, per-destination
 * backoff), waits for the modem, the rate limits and the send window, sends its parts, and
 * moves it through queued → sending → sent → delivered / failed / expired. Every status is
 * durable before it is announced. Nothing is awaited on disk between two messages, so the
 * modem gets the next CMGS the moment the previous message is accepted.
 */
export class Outbox {
  private readonly queue = new OutboxQueue();
  private readonly backoff: DestinationBackoff;
  private readonly limiter: RateLimiter;
  private readonly wakeup: Wakeup;
  private readonly retirer: Retirer;
  private readonly modemScope = new ModemScope();
  private pausedUntil = 0;
  private stopping = false;
  private loopDone: Promise<void> | undefined;
  private abort = new AbortController();
  private housekeepTimer: NodeJS.Timeout | undefined;
  private readonly onModemState = () => this.wakeup.wake();
  /** Status writes not yet durable (stop() waits for them). */
  private readonly inflight = new Set<Promise<void>>();
  /** queuedCount, once counted. */
  private liveCount: number | undefined;

  constructor(private readonly deps: OutboxDeps) {
    this.backoff = new DestinationBackoff(deps.options.retry);
    this.limiter = new RateLimiter(deps.options.rateLimits);
    this.wakeup = new Wakeup(deps.now);
    this.retirer = new Retirer(deps.persistence, deps.retired);
  }

  /** Restores the queue from the store (an interrupted send is queued again) and starts. */
  async start(): Promise<void> {
    this.stopping = false;
    this.abort = new AbortController();
    const records = Object.values(this.deps.persistence.data.outbox);
    const interrupted = records.filter((r) => r.status === "sending");
    if (interrupted.length > 0) {
      const at = this.deps.now();
      await this.deps.persistence.update(() => {
        for (const r of interrupted) {
          r.status = "queued";
          recordChange(r, "queued", at);
        }
      });
      log.info({ count: interrupted.length }, "sends interrupted by a restart are queued again");
    }
    for (const r of Object.values(this.deps.persistence.data.outbox)) {
      if (r.status === "queued") this.queue.add(r);
      else if (isFinal(r.status)) this.retirer.add(r);
    }
    this.deps.modem.on("state", this.onModemState);
    this.housekeep();
    this.loopDone = this.loop();
  }

  async stop(): Promise<void> {
    this.stopping = true;
    this.abort.abort();
    this.deps.modem.off("state", this.onModemState);
    clearTimeout(this.housekeepTimer);
    this.wakeup.wake();
    await this.loopDone;
    this.loopDone = undefined;
    while (this.inflight.size > 0) await Promise.allSettled([...this.inflight]);
    await this.retirer.idle();
  }

  /** New durable records (before start() they are picked up from the store by start()). */
  add(records: OutboxRecord[]): void {
    if (this.loopDone === undefined) return;
    for (const r of records) this.queue.add(r);
    this.wakeup.wake();
  }

  /** New durable records that finished at once (refused before queuing): to the history. */
  retire(records: OutboxRecord[]): void {
    if (this.loopDone === undefined) return;
    for (const r of records) this.retirer.add(r);
  }

  /** Cancels a queued message; a message already on the wire or finished is left as it is. */
  async cancel(record: OutboxRecord): Promise<boolean> {
    if (record.status !== "queued") return false;
    await this.transition(record, "cancelled");
    return true;
  }

  /** Applies a status report (SMS-STATUS-REPORT) to the part it belongs to. */
  async applyReport(report: StatusReport): Promise<boolean> {
    const match = matchReport(report, this.reportCandidates());
    if (match === undefined) {
      log.debug({ reference: report.reference }, "status report matches no waiting part");
      return false;
    }
    const r = this.deps.persistence.data.outbox[match.messageId];
    if (r === undefined) return false;
    const state = reportState(report.status);
    const at = this.deps.now();
    await this.deps.persistence.update(() => {
      r.reports[match.part] = state;
      r.reportStatus ??= [];
      r.reportStatus[match.part] = report.status;
      r.reportAt ??= [];
      r.reportAt[match.part] = at;
    }, [["outbox", r.id]]);
    if (r.status !== "sent") return true; // the last part is still on its way
    await this.settleReports(r, report.status);
    return true;
  }

  /**
   * Messages queued or being sent. The send path asks on every request (the capacity check),
   * so it is counted once and then kept as records are added (`queuedAdded`) and change
   * status (`applyTransition`), not recounted over the whole outbox each time.
   */
  get queuedCount(): number {
    if (this.liveCount === undefined) {
      let n = 0;
      for (const r of Object.values(this.deps.persistence.data.outbox)) if (isLive(r.status)) n++;
      this.liveCount = n;
    }
    return this.liveCount;
  }

  /** The SMS service has put `n` new queued records into the store. */
  queuedAdded(n: number): void {
    if (this.liveCount !== undefined) this.liveCount += n;
  }

  private async loop(): Promise<void> {
    while (!this.stopping) {
      try {
        await this.step();
      } catch (err) {
        log.error({ err }, "outbox step failed");
        await this.wakeup.sleepUntil(this.deps.now() + 1_000);
      }
    }
  }

  private async step(): Promise<void> {
    if (!isReady(this.deps.modem)) return this.wakeup.sleepUntil(Number.POSITIVE_INFINITY);
    const now = this.deps.now();
    const gate = Math.max(
      this.pausedUntil,
      this.limiter.nextAllowed(now),
      nextWindowOpen(this.deps.options.sendWindow, now),
    );
    if (gate > now) return this.wakeup.sleepUntil(gate);
    const pick = this.queue.pick({
      now,
      blockedUntil: (to) => this.backoff.blockedUntil(to),
      turnOf: (id) => this.modemScope.turnOf(id),
    });
    if (pick.kind === "wait") return this.wakeup.sleepUntil(pick.until);
    if (pick.kind === "expired") {
      void this.expire(pick.record);
      return;
    }
    const refused = await this.deps.refusal?.(pick.record);
    if (refused !== undefined) {
      await this.transition(pick.record, "failed", refused);
      return;
    }
    await this.transmit(pick.record, this.deps.now());
  }

  private async transmit(r: OutboxRecord, now: number): Promise<void> {
    void this.transition(r, "sending");
    let wire: ReturnType<typeof encodeRecord>;
    try {
      const vp =
        r.validitySeconds === undefined
          ? undefined
          : Math.max(300, Math.round((r.expiresAt - now) / 1000));
      wire = encodeRecord(r, this.deps.options.maxParts, vp);
    } catch (err) {
      void this.transition(r, "failed", {
        code: "sms.invalid-request",
        message: err instanceof Error ? err.message : String(err),
      });
      return;
    }
    this.limiter.record(now);
    try {
      await sendParts(this.deps.modem.at, wire.parts, r.partsSent, this.abort.signal, (i, mr) => {
        r.mrs[i] = mr;
        r.sentAt[i] = this.deps.now();
        r.reports[i] = "pending";
        r.partsSent = i + 1;
        // Durable in the background: after a crash the message resumes from the next part.
        void this.deps.persistence.update(() => {}, [["outbox", r.id]]).catch(() => {});
      });
    } catch (err) {
      this.handleFailure(r, err);
      return;
    }
    this.backoff.succeeded(r.to);
    this.modemScope.succeeded(r.id);
    const sent = this.transition(r, "sent")
      .then(() => this.settleReports(r))
      .catch((err: unknown) => log.error({ err, id: r.id }, "settling reports failed"));
    this.inflight.add(sent);
    sent.then(
      () => this.inflight.delete(sent),
      () => this.inflight.delete(sent),
    );
  }

  private handleFailure(r: OutboxRecord, err: unknown): void {
    const f = classifySendError(err);
    const now = this.deps.now();
    const cms = f.cms === undefined ? {} : { cms: f.cms };
    if (f.kind === "permanent") {
      void this.transition(r, "failed", { code: "sms.rejected", message: f.message, ...cms });
      return;
    }
    if (f.kind === "modem" && this.stopping) {
      void this.transition(r, "queued");
      return;
    }
    if (
      f.kind === "modem" &&
      this.modemScope.failed(r.id, r.to, f.cms !== undefined) === "network"
    ) {
      // Not the message's fault: it keeps its attempts and waits its turn after the pause.
      this.pausedUntil = now + this.modemScope.pauseMs();
      log.warn(
        { id: r.id, to: r.to, resumeAt: new Date(this.pausedUntil).toISOString(), err: f.message },
        "modem or network could not send; sending paused, message stays queued",
      );
      void this.transition(r, "queued", { code: "sms.send-retry", message: f.message, ...cms });
      return;
    }
    r.attempts++;
    if (r.attempts >= this.deps.options.retry.maxAttempts) {
      void this.transition(r, "failed", {
        code: "sms.retries-exhausted",
        message: `gave up after ${r.attempts} attempts: ${f.message}`,
        ...cms,
      });
      return;
    }
    const until = this.backoff.failed(r.to, now);
    log.info(
      { id: r.id, to: r.to, retryAt: new Date(until).toISOString(), err: f.message },
      "send failed, will retry",
    );
    void this.transition(r, "queued", { code: "sms.send-retry", message: f.message, ...cms });
  }

  /** After "sent": delivered/failed once every part's report is in, or final as sent. */
  private async settleReports(r: OutboxRecord, lastStatus?: number): Promise<void> {
    if (r.status !== "sent") return;
    if (!r.deliveryReport) return this.retirer.add(r);
    const agg = aggregateParts(r.reports.slice(0, r.parts));
    if (agg === "delivered") await this.transition(r, "delivered");
    else if (agg === "failed")
      await this.transition(r, "failed", {
        code: "sms.delivery-failed",
        message:
          lastStatus === undefined
            ? "a part was not delivered"
            : `not delivered: ${describeReportStatus(lastStatus)}`,
      });
  }

  private async expire(r: OutboxRecord): Promise<void> {
    await this.transition(r, "expired", {
      code: "sms.expired",
      message: "time to live passed before the message could be sent",
    });
  }

  /** Changes the status durably, then announces it; finished messages go to the history. */
  private transition(
    r: OutboxRecord,
    status: OutboundStatus,
    error?: OutboxRecord["error"],
  ): Promise<void> {
    const p = this.applyTransition(r, status, error);
    this.inflight.add(p);
    const forget = () => this.inflight.delete(p);
    p.then(forget, forget);
    return p;
  }

  private async applyTransition(
    r: OutboxRecord,
    status: OutboundStatus,
    error?: OutboxRecord["error"],
  ): Promise<void> {
    const from = r.status;
    const done = this.deps.persistence.update(
      (d) => {
        if (this.liveCount !== undefined)
          this.liveCount += Number(isLive(status)) - Number(isLive(r.status));
        const at = this.deps.now();
        r.status = status;
        r.updatedAt = new Date(at).toISOString();
        recordChange(r, status, at, error);
        if (error !== undefined) r.error = error;
        else if (status === "sent" || status === "delivered") delete r.error;
        if (from !== "sent" && status === "sent") d.counters.sent++;
        if (status === "delivered") d.counters.delivered++;
        if (status === "failed") d.counters.failed++;
      },
      [["outbox", r.id], ["counters"]],
    );
    const view = publicView(r);
    if (status === "queued") this.wakeup.wake();
    try {
      await done;
    } catch (err) {
      // Not durable, so not announced; the store logs the write error and the next write
      // carries this change with it.
      log.error({ err, id: r.id, status }, "status change not written");
      return;
    }
    if (from !== status || error !== undefined) this.deps.announce(view);
    if (isFinal(status)) {
      this.modemScope.forget(r.id);
      this.retirer.add(r);
    }
  }

  private *reportCandidates(): Generator<ReportCandidate> {
    for (const r of Object.values(this.deps.persistence.data.outbox)) {
      if (!r.deliveryReport || isFinal(r.status)) continue;
      for (let i = 0; i < r.partsSent; i++) {
        const mr = r.mrs[i];
        if (mr === undefined || mr < 0 || r.reports[i] !== "pending") continue;
        yield { messageId: r.id, part: i, to: r.to, mr, sentAt: r.sentAt[i] ?? 0 };
      }
    }
  }

  /** Expires queued messages past their TTL (also while the modem is away) and closes waits. */
  private housekeep(): void {
    if (this.stopping) return;
    const now = this.deps.now();
    for (const r of [...this.queue.expired(now)]) void this.expire(r);
    const wait = this.deps.options.deliveryReportWaitMs;
    for (const r of Object.values(this.deps.persistence.data.outbox)) {
      const last = Math.max(0, ...r.sentAt);
      if (r.status === "sent" && now - last >= wait) this.retirer.add(r);
    }
    const next = Math.min(this.queue.nextExpiry(), now + HOUSEKEEPING_MS);
    this.housekeepTimer = setTimeout(() => this.housekeep(), Math.max(10, next - now));
    this.housekeepTimer.unref?.();
  }
}

function isFinal(s: OutboundStatus): boolean {
  return s === "delivered" || s === "failed" || s === "expired" || s === "cancelled";
}

function isLive(status: OutboundStatus): boolean {
  return status === "queued" || status === "sending";
}
