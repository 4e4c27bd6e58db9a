import { errorMessage } from "../../errors.js";
import { type BridgeContext, type Feature, log } from "../context.js";
import { modemPayload } from "../modem-payload.js";
import type { StatsPayload } from "../payloads.js";

/** Stats change with every message: publish at most this often. */
const STATS_COALESCE_MS = 500;

/**
 * `<base>/modem` (retained) on connect, on every modem state or info change and periodically;
 * `<base>/stats` (retained: outbox length, counters) on connect and, coalesced, after message
 * events that changed them. Both only while connected: they are state, the next publish supersedes them.
 */
export class ModemStateFeature implements Feature {
  private timer: NodeJS.Timeout | undefined;
  private statsTimer: NodeJS.Timeout | undefined;
  private lastModem = "";
  private lastStats = "";
  private readonly onConnect = () => {
    this.lastModem = "";
    this.lastStats = "";
    this.publishModem();
    this.publishStats();
  };
  private readonly onModemChange = () => this.publishModem();
  private readonly onMessage = () => {
    if (this.statsTimer !== undefined) return;
    this.statsTimer = setTimeout(() => {
      this.statsTimer = undefined;
      this.publishStats();
    }, STATS_COALESCE_MS);
  };

  constructor(private readonly ctx: BridgeContext) {}

  start(): void {
    this.ctx.connection.on("connect", this.onConnect);
    this.ctx.modem.on("state", this.onModemChange);
    this.ctx.modem.on("info", this.onModemChange);
    this.ctx.balance?.on("balance", this.onModemChange);
    this.ctx.calls?.on("missed", this.onModemChange);
    this.ctx.service.on("outbound", this.onMessage);
    this.ctx.service.on("inbound", this.onMessage);
    this.timer = setInterval(() => {
      this.lastModem = "";
      this.publishModem();
    }, this.ctx.config.mqtt.modemIntervalSeconds * 1000);
    this.timer.unref();
  }

  stop(): void {
    this.ctx.connection.off("connect", this.onConnect);
    this.ctx.modem.off("state", this.onModemChange);
    this.ctx.modem.off("info", this.onModemChange);
    this.ctx.balance?.off("balance", this.onModemChange);
    this.ctx.calls?.off("missed", this.onModemChange);
    this.ctx.service.off("outbound", this.onMessage);
    this.ctx.service.off("inbound", this.onMessage);
    clearInterval(this.timer);
    clearTimeout(this.statsTimer);
    this.statsTimer = undefined;
  }

  stats(): StatsPayload {
    return { ...this.ctx.service.stats(), inboxPending: this.ctx.service.pendingInbound().length };
  }

  private publishModem(): void {
    if (!this.ctx.connection.connected) return;
    const b = this.ctx.balance;
    const balance =
      b === undefined
        ? undefined
        : b.latest === undefined
          ? null
          : { amount: b.latest.amount, currency: b.latest.currency, at: b.latest.at };
    const payload = modemPayload(
      this.ctx.modem,
      new Date(),
      this.ctx.clock?.(),
      balance,
      this.ctx.calls?.missed,
    );
    // Unchanged apart from the time stamp: skip (info events come often while registering).
    const key = JSON.stringify({ ...payload, updatedAt: "" });
    if (key === this.lastModem) return;
    this.lastModem = key;
    this.ctx.connection
      .publishJson("modem", this.ctx.topics.modem, payload)
      .catch((err: unknown) =>
        log.warn({ err: errorMessage(err) }, "could not publish the modem state"),
      );
  }

  private publishStats(): void {
    if (!this.ctx.connection.connected) return;
    const stats = this.stats();
    // Most message events (sending, a retry) leave the counters as they were: skip those.
    const key = JSON.stringify(stats);
    if (key === this.lastStats) return;
    this.lastStats = key;
    this.ctx.connection
      .publishJson("stats", this.ctx.topics.stats, stats)
      .catch((err: unknown) => log.warn({ err: errorMessage(err) }, "could not publish stats"));
  }
}
