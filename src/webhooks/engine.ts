import { EventEmitter } from "node:events";
import { join } from "node:path";
import { createLogger } from "../log.js";
import { DurableFile } from "../store/durable-file.js";
import type { Touch } from "../store/image.js";
import { urlRefusal } from "../util/url-policy.js";
import { subscribes, webhookBody, webhookRequest } from "./formats.js";
import { type CallOutcome, createHttpCaller, type HttpCaller } from "./http-client.js";
import { DEFAULT_RETRY, type RetryPolicy, retryDelayMs } from "./retry.js";
import type { Attempt, OutgoingRequest, Webhook, WebhookEvent, WebhookEventType } from "./types.js";

const log = createLogger("webhooks");

export const QUEUE_FILE = "webhook-queue.json";

/** Attempts kept per receiver for the API and the UI. */
export const ATTEMPTS_KEPT = 20;

/** How long an event's key is remembered, so a re-announced event is not sent twice. */
const SEEN_MS = 7 * 24 * 3_600_000;

/** One event for one receiver, kept until it is answered 2xx or given up. */
interface Job {
  seq: number;
  /** The webhook id, or `http:<rule>` for an HTTP forwarding target. */
  target: string;
  eventId: string;
  eventType: string;
  /** A webhook's body, the same bytes on every attempt. */
  body?: string;
  /** An HTTP forwarding target's whole request, rendered when the event happened. */
  request?: OutgoingRequest;
  allowHttp?: boolean;
  caFile?: string;
  /** Jobs with the same key go one at a time, oldest first (one message's reports). */
  order?: string;
  attempts: number;
  /** When the next attempt is due (ms since the epoch). */
  dueAt: number;
}

interface QueueDoc {
  seq: number;
  jobs: Record<string, Job>;
  /** Event keys already queued, with when (ms since the epoch). */
  seen: Record<string, number>;
  attempts: Record<string, Attempt[]>;
}

/** The webhooks as the engine sees them (`WebhookRegistry` satisfies it). */
export interface WebhookDirectory {
  list(): Webhook[];
  get(id: string): Webhook | undefined;
  setEnabled(id: string, enabled: boolean, reason?: string): Promise<boolean>;
}

/** No webhooks: an engine that only forwards (Kannel's dlr-url, report targets) calls none. */
export const NO_WEBHOOKS: WebhookDirectory = {
  list: () => [],
  get: () => undefined,
  setEnabled: async () => false,
};

export interface EngineOptions {
  registry: WebhookDirectory;
  retry?: RetryPolicy;
  /** Calls in flight per receiver at most. */
  concurrency?: number;
  call?: HttpCaller;
  now?: () => number;
}

export interface EngineEvents {
  attempt: [Attempt];
}

/** An HTTP forwarding target's request and where it may go. */
export interface ForwardRequest {
  request: OutgoingRequest;
  allowHttp: boolean;
  caFile?: string;
  /** Requests with the same key go out one at a time, in the order they were queued. */
  order?: string;
}

/** Where rendered requests are queued: the engine's `forward`, all its users need of it. */
export type ForwardSink = Pick<WebhookEngine, "forward">;

/**
 * Delivers events to webhooks and HTTP forwarding targets, durably and at least once.
 *
 * An event is written to the store (journal + fsync) as one job per receiver before the first
 * attempt, so neither a crash nor a power cut loses it; its id is fixed then and sent on every
 * attempt, so a receiver can drop a duplicate. A failed attempt (network error, time limit,
 * non-2xx) is retried after a doubling wait; `410 Gone` switches the webhook off. Each
 * receiver has its own line with a few calls in flight at most, so a slow or dead one never
 * delays the others, and nobody waits for a call: the SMS service only emits events.
 */
export class WebhookEngine extends EventEmitter<EngineEvents> {
  private readonly retry: RetryPolicy;
  private readonly concurrency: number;
  private readonly call: HttpCaller;
  private readonly closeCaller: () => void;
  private readonly now: () => number;
  /** Jobs by receiver, oldest first. */
  private readonly lanes = new Map<string, Job[]>();
  private readonly busy = new Map<string, number>();
  private readonly running = new Set<number>();
  private readonly settledWaiters = new Set<() => void>();
  private timer: ReturnType<typeof setTimeout> | undefined;
  private timerAt = Number.POSITIVE_INFINITY;
  private kicked = false;
  private started = false;
  private closed = false;
  private seenAdded = 0;

  private constructor(
    private readonly file: DurableFile<QueueDoc>,
    private readonly o: EngineOptions,
  ) {
    super();
    this.retry = o.retry ?? DEFAULT_RETRY;
    this.concurrency = o.concurrency ?? 4;
    this.now = o.now ?? Date.now;
    if (o.call !== undefined) {
      this.call = o.call;
      this.closeCaller = () => {};
    } else {
      const caller = createHttpCaller();
      this.call = caller.call;
      this.closeCaller = caller.close;
    }
  }

  static async open(dir: string, o: EngineOptions): Promise<WebhookEngine> {
    const file = await DurableFile.open<QueueDoc>(
      join(dir, QUEUE_FILE),
      () => ({ seq: 0, jobs: {}, seen: {}, attempts: {} }),
      {
        normalise: (raw) => {
          const d = (raw ?? {}) as Partial<QueueDoc>;
          return {
            seq: d.seq ?? 0,
            jobs: d.jobs ?? {},
            seen: d.seen ?? {},
            attempts: d.attempts ?? {},
          };
        },
      },
    );
    const engine = new WebhookEngine(file, o);
    for (const job of Object.values(file.data.jobs).sort((a, b) => a.seq - b.seq))
      engine.laneOf(job.target).push(job);
    return engine;
  }

  /** Starts sending what is due (after a restart: everything still queued). */
  start(): void {
    if (this.started || this.closed) return;
    this.started = true;
    this.kick();
  }

  /** Whether an event with this key was already queued (within the last week). */
  seen(key: string): boolean {
    return this.file.data.seen[key] !== undefined;
  }

  /**
   * Whether any webhook could want an event of this type: the events' source asks first, so a
   * gateway without webhooks builds and stores nothing per message. An SMSGate-format webhook
   * is asked for by its own event names: any enabled one counts.
   */
  wants(type: WebhookEventType): boolean {
    return this.o.registry
      .list()
      .some(
        (h) =>
          h.enabled &&
          (h.format === "smsgate" || h.events.includes("*") || h.events.includes(type)),
      );
  }

  /**
   * Queues `event` for every webhook that wants it; resolves once the jobs are on disk, with
   * how many were made. With `key`, an event already queued under that key is not queued again
   * (an SMS announced again after a restart).
   */
  async publish(event: WebhookEvent, key?: string): Promise<number> {
    const hooks = this.o.registry.list().filter((h) => subscribes(h, event));
    return this.enqueue(
      hooks.map((h) => ({
        target: h.id,
        eventId: event.id,
        eventType: event.type,
        body: webhookBody(h, event),
      })),
      key,
    );
  }

  /** Queues one event for one webhook, whatever it subscribes to (the API's test event). */
  async publishTo(hook: Webhook, event: WebhookEvent): Promise<void> {
    await this.enqueue([
      { target: hook.id, eventId: event.id, eventType: event.type, body: webhookBody(hook, event) },
    ]);
  }

  /** Queues a rendered request to an HTTP forwarding target (same durability and retries). */
  async forward(
    target: string,
    req: ForwardRequest,
    event: { id: string; type: string },
    key?: string,
  ): Promise<number> {
    return this.enqueue(
      [
        {
          target,
          eventId: event.id,
          eventType: event.type,
          request: req.request,
          allowHttp: req.allowHttp,
          ...(req.caFile === undefined ? {} : { caFile: req.caFile }),
          ...(req.order === undefined ? {} : { order: req.order }),
        },
      ],
      key,
    );
  }

  /** The last attempts for a receiver, newest first. */
  attemptsOf(target: string): Attempt[] {
    return [...(this.file.data.attempts[target] ?? [])].reverse();
  }

  /** Events waiting for a receiver (or for all). */
  pending(target?: string): number {
    if (target !== undefined) return this.lanes.get(target)?.length ?? 0;
    let n = 0;
    for (const l of this.lanes.values()) n += l.length;
    return n;
  }

  /** Forgets a receiver's queued events and attempts (its webhook was deleted). */
  async dropTarget(target: string): Promise<void> {
    const lane = this.lanes.get(target) ?? [];
    this.lanes.delete(target);
    const touched: Touch[] = lane.map((j) => ["jobs", String(j.seq)]);
    touched.push(["attempts", target]);
    await this.file.update(
      (d) => {
        for (const j of lane) delete d.jobs[String(j.seq)];
        delete d.attempts[target];
      },
      { touched },
    );
  }

  /** Resolves when no attempt is in flight (tests, benchmarks). */
  idle(): Promise<void> {
    if (this.running.size === 0) return Promise.resolve();
    return new Promise((resolve) => this.settledWaiters.add(resolve));
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.closeCaller();
    await this.file.close();
  }

  private laneOf(target: string): Job[] {
    let lane = this.lanes.get(target);
    if (lane === undefined) {
      lane = [];
      this.lanes.set(target, lane);
    }
    return lane;
  }

  private async enqueue(
    jobs: Array<Omit<Job, "seq" | "attempts" | "dueAt">>,
    key?: string,
  ): Promise<number> {
    if (this.closed) throw new Error("the webhook engine is closed");
    if (key !== undefined && this.seen(key)) return 0;
    // No receiver wants it: nothing to write, and no key to remember (a webhook added later
    // is not owed this event).
    if (jobs.length === 0) return 0;
    const now = this.now();
    const made: Job[] = [];
    const touched: Touch[] = [];
    // Now and then the old keys go, in the same write.
    const prune = key !== undefined && ++this.seenAdded % 1000 === 0;
    if (prune) touched.push(["seen"]);
    await this.file.update(
      (d) => {
        for (const j of jobs) {
          const job: Job = { ...j, seq: ++d.seq, attempts: 0, dueAt: now };
          d.jobs[String(job.seq)] = job;
          touched.push(["jobs", String(job.seq)]);
          made.push(job);
        }
        if (key !== undefined) {
          d.seen[key] = now;
          touched.push(["seen", key]);
          if (prune) this.pruneSeen(d, now);
        }
      },
      { touched },
    );
    for (const job of made) this.laneOf(job.target).push(job);
    this.kick();
    return made.length;
  }

  private pruneSeen(d: QueueDoc, now: number): void {
    for (const [k, at] of Object.entries(d.seen)) if (now - at > SEEN_MS) delete d.seen[k];
  }

  /** Schedules one pass over the lanes (many changes at once cost one pass). */
  private kick(): void {
    if (this.kicked || !this.started || this.closed) return;
    this.kicked = true;
    queueMicrotask(() => {
      this.kicked = false;
      this.pass();
    });
  }

  /**
   * Starts every due job a lane has room for; sets a timer for the earliest one waiting. A job
   * behind an unfinished one of the same order key waits for it, whether it is due or not.
   */
  private pass(): void {
    if (this.closed) return;
    const now = this.now();
    let next = Number.POSITIVE_INFINITY;
    for (const [target, lane] of this.lanes) {
      let busy = this.busy.get(target) ?? 0;
      const held = new Set<string>();
      for (const job of lane) {
        if (busy >= this.concurrency) break;
        if (job.order !== undefined) {
          if (held.has(job.order)) continue;
          held.add(job.order);
        }
        if (this.running.has(job.seq)) continue;
        if (job.dueAt <= now) {
          busy++;
          this.busy.set(target, busy);
          this.running.add(job.seq);
          void this.attempt(job);
        } else if (job.dueAt < next) next = job.dueAt;
      }
    }
    if (next < this.timerAt || this.timer === undefined) {
      if (this.timer !== undefined) clearTimeout(this.timer);
      this.timer = undefined;
      this.timerAt = next;
      if (next !== Number.POSITIVE_INFINITY)
        this.timer = setTimeout(
          () => {
            this.timer = undefined;
            this.timerAt = Number.POSITIVE_INFINITY;
            this.pass();
          },
          Math.max(0, next - now),
        );
    }
  }

  private async attempt(job: Job): Promise<void> {
    const started = this.now();
    let hook: Webhook | undefined;
    let outcome: CallOutcome;
    if (job.request !== undefined) {
      const refusal = urlRefusal(job.request.url, job.allowHttp === true);
      outcome =
        refusal !== undefined
          ? { error: refusal }
          : await this.call(job.request, {
              timeoutMs: this.retry.timeoutMs,
              ...(job.caFile === undefined ? {} : { caFile: job.caFile }),
            });
    } else {
      hook = this.o.registry.get(job.target);
      if (hook === undefined || !hook.enabled) {
        // Deleted or switched off since: nobody to call.
        this.finish(job, undefined);
        return;
      }
      const refusal = urlRefusal(hook.url, hook.allowHttp);
      outcome =
        refusal !== undefined
          ? { error: refusal }
          : await this.call(webhookRequest(hook, job.eventId, job.body ?? "", this.now()), {
              timeoutMs: this.retry.timeoutMs,
              ...(hook.caFile === undefined ? {} : { caFile: hook.caFile }),
            });
    }
    // Closed meanwhile (the call was cut short): nothing is recorded, the job stays queued.
    if (this.closed) return;
    const status = "status" in outcome ? outcome.status : undefined;
    const ok = status !== undefined && status >= 200 && status < 300;
    const gone = status === 410 && hook !== undefined;
    const attempts = job.attempts + 1;
    const result: Attempt["result"] = ok
      ? "delivered"
      : gone
        ? "disabled"
        : attempts >= this.retry.attempts
          ? "given-up"
          : "retry";
    const attempt: Attempt = {
      target: job.target,
      eventId: job.eventId,
      at: new Date(started).toISOString(),
      attempt: attempts,
      ...(status === undefined ? {} : { status }),
      result,
      ...(ok ? {} : { error: "error" in outcome ? outcome.error : `HTTP ${status}` }),
      durationMs: Math.max(0, this.now() - started),
    };
    this.logAttempt(attempt, hook ?? job.request?.url);
    if (gone && hook !== undefined) {
      await this.o.registry
        .setEnabled(hook.id, false, "the receiver answered 410 Gone")
        .catch((err: unknown) =>
          log.error({ err: String(err), webhook: hook?.id }, "could not switch a webhook off"),
        );
    }
    this.finish(job, attempt, result === "retry" ? attempts : undefined, gone);
  }

  /**
   * Records an attempt and what follows: the job leaves (delivered, given up, nobody to call),
   * or waits for its next attempt; after a 410 every job of the receiver leaves.
   */
  private finish(
    job: Job,
    attempt: Attempt | undefined,
    retryAfter?: number,
    dropLane = false,
  ): void {
    const key = String(job.seq);
    const lane = this.lanes.get(job.target) ?? [];
    const leaving = dropLane ? [...lane] : retryAfter === undefined ? [job] : [];
    const touched: Touch[] = leaving.map((j) => ["jobs", String(j.seq)]);
    if (retryAfter !== undefined) touched.push(["jobs", key]);
    if (attempt !== undefined) touched.push(["attempts", job.target]);
    // The change is made now (the write follows): the lanes, the attempt log and the
    // listeners agree at once, and the call's slot is given back once it is on disk.
    const written = this.file.update(
      (d) => {
        for (const j of leaving) delete d.jobs[String(j.seq)];
        if (retryAfter !== undefined) {
          const j = d.jobs[key];
          if (j !== undefined) {
            j.attempts = retryAfter;
            j.dueAt = this.now() + retryDelayMs(this.retry, retryAfter);
          }
        }
        if (attempt !== undefined) {
          const list = d.attempts[job.target] ?? [];
          list.push(attempt);
          if (list.length > ATTEMPTS_KEPT) list.splice(0, list.length - ATTEMPTS_KEPT);
          d.attempts[job.target] = list;
        }
      },
      { touched },
    );
    const current = this.lanes.get(job.target) ?? [];
    if (leaving.length === 1) {
      const at = current.indexOf(job);
      if (at >= 0) current.splice(at, 1);
    } else if (leaving.length > 1) {
      const gone = new Set(leaving.map((j) => j.seq));
      this.lanes.set(
        job.target,
        current.filter((j) => !gone.has(j.seq)),
      );
    }
    if ((this.lanes.get(job.target)?.length ?? 0) === 0) this.lanes.delete(job.target);
    if (attempt !== undefined) this.emit("attempt", attempt);
    // The slot is free at once: a crash before the write lands only means the call is made
    // again (at least once, same event id), and calls need not wait for the disk.
    written.catch((err: unknown) => {
      if (!this.closed)
        log.error({ err: String(err), target: job.target }, "could not record a webhook attempt");
    });
    this.running.delete(job.seq);
    this.busy.set(job.target, Math.max(0, (this.busy.get(job.target) ?? 1) - 1));
    if (this.running.size === 0) {
      for (const w of this.settledWaiters) w();
      this.settledWaiters.clear();
    }
    this.kick();
  }

  private logAttempt(a: Attempt, to: Webhook | string | undefined): void {
    // Only the host: a receiver's URL often holds its own secret (Home Assistant's webhook id).
    const host = hostOf(typeof to === "string" ? to : to?.url);
    const fields = { target: a.target, host, event: a.eventId, attempt: a.attempt };
    if (a.result === "delivered") log.debug({ ...fields, status: a.status }, "webhook delivered");
    else if (a.result === "retry") log.warn({ ...fields, error: a.error }, "webhook call failed");
    else if (a.result === "disabled")
      log.warn(fields, "webhook answered 410 Gone: switched off, its queued events dropped");
    else log.error({ ...fields, error: a.error }, "webhook event given up");
  }
}

function hostOf(url: string | undefined): string | undefined {
  if (url === undefined) return undefined;
  try {
    return new URL(url).host;
  } catch {
    return undefined;
  }
}
