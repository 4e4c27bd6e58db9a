import { join } from "node:path";
import { createLogger } from "../../log.js";
import type { SmsPort } from "../../mqtt/ports.js";
import type { OutboundMessage } from "../../sms/types.js";
import { DurableFile } from "../../store/durable-file.js";
import { redactRequestUrl } from "../redact-url.js";
import { dlrTypeOf, substituteDlrUrl } from "./dlr-escapes.js";

const log = createLogger("http:kannel");

/** The messages of one sendsms request whose states are reported to its dlr-url. */
export interface DlrWatch {
  url: string;
  mask: number;
  from: string;
  smsc: string;
  /** The last state seen, by message id; a message leaves once it is final. */
  seen: Record<string, string>;
}

/** One callback to fetch, kept until it is answered 2xx or given up. */
export interface DlrCallback {
  url: string;
  /** The message it is about: its callbacks go out in order. */
  message: string;
  seq: number;
  attempts: number;
  /** When the next attempt is due (ms since the epoch). */
  dueAt: number;
}

interface DlrDoc {
  watches: Record<string, DlrWatch>;
  callbacks: Record<string, DlrCallback>;
  seq: number;
}

/** Fetches a URL and answers its HTTP status (throws on a network error or timeout). */
export type DlrFetch = (url: string) => Promise<number>;

export interface DlrRetry {
  /** First wait after a failed attempt; it doubles after each. */
  firstMs: number;
  maxMs: number;
  /** Attempts in all before the callback is given up (logged as an error). */
  attempts: number;
  /** One attempt's time limit. */
  timeoutMs: number;
}

/** 10 s doubling to at most an hour, 14 attempts: about a day of trying. */
export const DLR_RETRY: DlrRetry = {
  firstMs: 10_000,
  maxMs: 3_600_000,
  attempts: 14,
  timeoutMs: 30_000,
};

export const DLR_FILE = "kannel-dlr.json";

const FINAL = new Set(["delivered", "failed", "expired", "cancelled"]);

function defaultFetch(timeoutMs: number): DlrFetch {
  return async (url) => {
    const res = await fetch(url, { signal: AbortSignal.timeout(timeoutMs), redirect: "manual" });
    await res.arrayBuffer().catch(() => undefined);
    return res.status;
  };
}

/**
 * Kannel's dlr-url callbacks, durable: a request's watch is on disk before its `0: Accepted`
 * answer, and each callback is on disk before its first attempt, so neither a crash nor a
 * receiver that is down loses one. Callbacks are retried with a doubling wait; those of one
 * message go out in order (8, then 1).
 */
export class KannelDlr {
  private readonly fetchUrl: DlrFetch;
  private readonly now: () => number;
  private readonly retry: DlrRetry;
  private readonly inFlight = new Set<string>();
  private timer: ReturnType<typeof setTimeout> | undefined;
  private chain: Promise<void> = Promise.resolve();
  private closed = false;
  private readonly onOutbound = (m: OutboundMessage) => {
    this.chain = this.chain
      .then(() => this.observe(m))
      .catch((err: unknown) => {
        log.error({ err: String(err), id: m.id }, "could not record a dlr-url callback");
      });
  };

  private constructor(
    private readonly file: DurableFile<DlrDoc>,
    private readonly service: SmsPort,
    opts: { fetch?: DlrFetch; now?: () => number; retry?: DlrRetry },
  ) {
    this.retry = opts.retry ?? DLR_RETRY;
    this.fetchUrl = opts.fetch ?? defaultFetch(this.retry.timeoutMs);
    this.now = opts.now ?? Date.now;
  }

  static async open(
    dir: string,
    service: SmsPort,
    opts: { fetch?: DlrFetch; now?: () => number; retry?: DlrRetry } = {},
  ): Promise<KannelDlr> {
    const file = await DurableFile.open<DlrDoc>(
      join(dir, DLR_FILE),
      () => ({ watches: {}, callbacks: {}, seq: 0 }),
      {
        normalise: (raw) => {
          const d = (raw ?? {}) as Partial<DlrDoc>;
          return { watches: d.watches ?? {}, callbacks: d.callbacks ?? {}, seq: d.seq ?? 0 };
        },
      },
    );
    return new KannelDlr(file, service, opts);
  }

  /** Starts following the SMS service, catches up on what changed while stopped, and sends what is due. */
  start(): void {
    this.service.on("outbound", this.onOutbound);
    for (const watch of Object.values(this.file.data.watches))
      for (const id of Object.keys(watch.seen)) {
        const m = this.service.get(id);
        if (m !== undefined && m.status !== watch.seen[id]) this.onOutbound(m);
      }
    this.schedule();
  }

  /**
   * Records, durably, that the messages `ids` report to `watch.url`. Called before the
   * messages are queued, so no state change can come first.
   */
  async watch(base: string, ids: string[], watch: Omit<DlrWatch, "seen">): Promise<void> {
    const seen: Record<string, string> = {};
    for (const id of ids) seen[id] = "new";
    await this.file.update((d) => {
      d.watches[base] = { ...watch, seen };
    });
  }

  /** The request was refused after all: nothing to report. */
  async unwatch(base: string): Promise<void> {
    await this.file.update((d) => {
      delete d.watches[base];
    });
  }

  /** Callbacks not yet answered (for tests and status). */
  pending(): DlrCallback[] {
    return Object.values(this.file.data.callbacks).sort((a, b) => a.seq - b.seq);
  }

  /** Resolves once every state change seen so far has been recorded. */
  async settled(): Promise<void> {
    await this.chain;
  }

  async close(): Promise<void> {
    this.closed = true;
    this.service.off("outbound", this.onOutbound);
    if (this.timer !== undefined) clearTimeout(this.timer);
    await this.chain;
    await this.file.close();
  }

  private async observe(m: OutboundMessage): Promise<void> {
    const base = m.id.split(":")[0] as string;
    const watch = this.file.data.watches[base];
    if (watch === undefined || this.closed) return;
    const previous = watch.seen[m.id];
    if (previous === undefined || previous === m.status) return;
    const type = dlrTypeOf(m.status, previous);
    await this.file.update((d) => {
      const w = d.watches[base];
      if (w === undefined) return;
      if (FINAL.has(m.status)) delete w.seen[m.id];
      else w.seen[m.id] = m.status;
      if (Object.keys(w.seen).length === 0) delete d.watches[base];
      if (type === undefined || (watch.mask & type) === 0) return;
      const seq = ++d.seq;
      d.callbacks[String(seq)] = {
        url: substituteDlrUrl(watch.url, { type, message: m, from: watch.from, smsc: watch.smsc }),
        message: m.id,
        seq,
        attempts: 0,
        dueAt: this.now(),
      };
    });
    this.schedule();
  }

  /** Starts every due callback that is first in its message's line; sets a timer for the next. */
  private schedule(): void {
    if (this.closed) return;
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    const now = this.now();
    const blocked = new Set<string>();
    let next = Number.POSITIVE_INFINITY;
    for (const cb of this.pending()) {
      if (blocked.has(cb.message)) continue;
      blocked.add(cb.message);
      if (this.inFlight.has(String(cb.seq))) continue;
      if (cb.dueAt <= now) void this.attempt(cb);
      else next = Math.min(next, cb.dueAt);
    }
    if (next !== Number.POSITIVE_INFINITY)
      this.timer = setTimeout(() => this.schedule(), Math.max(0, next - now));
  }

  private async attempt(cb: DlrCallback): Promise<void> {
    const key = String(cb.seq);
    this.inFlight.add(key);
    let outcome: string;
    try {
      const status = await this.fetchUrl(cb.url);
      outcome = status >= 200 && status < 300 ? "ok" : `HTTP ${status}`;
    } catch (err) {
      outcome = err instanceof Error ? err.message : String(err);
    }
    try {
      if (this.closed) return;
      const url = redactRequestUrl(cb.url);
      if (outcome === "ok") {
        log.debug({ url, id: cb.message }, "dlr-url callback delivered");
        await this.file.update((d) => {
          delete d.callbacks[key];
        });
      } else {
        const attempts = cb.attempts + 1;
        const giveUp = attempts >= this.retry.attempts;
        const waitMs = Math.min(this.retry.firstMs * 2 ** (attempts - 1), this.retry.maxMs);
        if (giveUp)
          log.error({ url, id: cb.message, attempts, outcome }, "dlr-url callback given up");
        else
          log.warn(
            { url, id: cb.message, attempts, outcome, retryInMs: waitMs },
            "dlr-url callback failed",
          );
        await this.file.update((d) => {
          const c = d.callbacks[key];
          if (c === undefined) return;
          if (giveUp) delete d.callbacks[key];
          else {
            c.attempts = attempts;
            c.dueAt = this.now() + waitMs;
          }
        });
      }
    } catch (err) {
      log.error({ err: String(err), id: cb.message }, "could not record a dlr-url attempt");
    } finally {
      this.inFlight.delete(key);
      this.schedule();
    }
  }
}
