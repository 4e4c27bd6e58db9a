import { EventEmitter } from "node:events";
import type { Duplex } from "node:stream";
import { errorMessage } from "../../errors.js";
import { createLogger, type Logger } from "../../log.js";
import type { OpenTransport } from "../transport/types.js";
import { InboundRouter } from "./inbound.js";
import {
  abortedError,
  type CommandJob,
  closedError,
  failJob,
  type Job,
  type SessionJob,
} from "./jobs.js";
import { PriorityQueue } from "./queue.js";
import { isSecretCommand, redactCommand } from "./redact.js";
import { runSession } from "./session.js";
import { AtTrace, type TraceLine } from "./trace.js";
import type { AtCommand, AtCommandDone, AtResponse, AtRunner, Urc } from "./types.js";
import { UrcWaiters } from "./waiters.js";
import { Wire } from "./wire.js";

export interface AtChannelOptions {
  open: OpenTransport;
  /** Logger namespace, default `modem:at`. */
  logName?: string;
  /** Reopen after a disconnect with exponential backoff (default 500 ms … 30 s); false: don't. */
  reconnect?: { minMs: number; maxMs: number } | false;
  /** Default final-result timeout, 5000 ms. */
  defaultTimeoutMs?: number;
  /** After a timeout/abort, how long to wait for the late final result before the next command (default 300 ms). */
  staleMs?: number;
  maxLineLength?: number;
  /** AT lines kept for `trace()` (default 500; 0: none). */
  traceLines?: number;
}

/** A reopen scheduled after a disconnect or a failed open. */
export interface Reconnecting {
  attempt: number;
  delayMs: number;
  error?: Error | undefined;
}

/** What an `AtChannel` emits. */
export interface AtChannelEvents {
  /** An unsolicited result code from the modem. */
  urc: [Urc];
  /** The transport is open (first start, reconnect or reopen). */
  open: [];
  /** The transport closed; the error, if one caused it. */
  close: [Error | undefined];
  reconnecting: [Reconnecting];
  /** stop() was called. */
  stopped: [];
  /** A command left the wire: its name (no arguments), result and duration. */
  command: [AtCommandDone];
}

/**
 * The AT channel: one command on the wire from a priority queue drained by one loop;
 * URCs to subscribers; the transport reopened (a fresh port object) with backoff after a
 * disconnect, failing every pending command promptly with `at.closed`.
 *
 *   run(cmd) ─► PriorityQueue ─► loop ─► transaction (wire.ts) ─► transport (bytes out)
 *                                            ▲
 *   transport (bytes in) ─► InboundRouter: LineFramer, then each line is either
 *                             ├─ part of the answer of the command on the wire ─► transaction
 *                             └─ unsolicited (a URC) ─► `urc` event, UrcWaiters
 *
 * Events: see `AtChannelEvents`.
 */
export class AtChannel extends EventEmitter<AtChannelEvents> {
  private readonly opts: AtChannelOptions;
  private readonly log: Logger;
  private queue = new PriorityQueue<Job>();
  private readonly waiters = new UrcWaiters();
  private readonly inbound: InboundRouter;
  private readonly wire: Wire;
  private readonly traced: AtTrace;
  private loop: Promise<void> | undefined;
  private stopped = false;
  private reopenTimer: NodeJS.Timeout | undefined;
  private reopenAttempt = 0;
  private openAbort: AbortController | undefined;
  /** The open in flight (start, automatic reconnect or reopen): never two at once. */
  private opening: Promise<void> | undefined;

  constructor(opts: AtChannelOptions) {
    super();
    this.opts = opts;
    this.log = createLogger(opts.logName ?? "modem:at");
    this.traced = new AtTrace(opts.traceLines);
    this.inbound = new InboundRouter(
      {
        active: () => this.wire.active,
        urc: (u) => this.deliverUrc(u),
        strayFinal: (line) => {
          if (this.wire.stale.isOpen) this.wire.stale.close();
          else this.log.debug({ line }, "final result with no command on the wire");
        },
        trace: (dir, text) => this.trace(dir, text),
      },
      {
        maxLineLength: opts.maxLineLength ?? 8192,
        onDrop: (reason, sample) => this.log.debug({ reason, sample }, "dropped bytes from modem"),
      },
    );
    this.wire = new Wire({
      framer: this.inbound.framer,
      log: this.log,
      trace: (dir, text) => this.trace(dir, text),
      staleMs: opts.staleMs ?? 300,
      defaultTimeoutMs: opts.defaultTimeoutMs,
      done: (e) => {
        try {
          this.emit("command", e);
        } catch (err) {
          this.log.warn({ err: errorMessage(err) }, "command listener threw");
        }
      },
    });
  }

  get isOpen(): boolean {
    return this.wire.port !== undefined;
  }

  /**
   * Start the command loop and open the transport. With `reconnect` (default) a failing first
   * open is retried with backoff and start() resolves once open (rejects with `at.closed` if
   * stop() comes first); with `reconnect: false` the first failure rejects.
   */
  async start(): Promise<void> {
    if (this.loop !== undefined) return;
    this.stopped = false;
    // A stopped channel's queue is closed for good; a restart gets a fresh one.
    this.queue = new PriorityQueue<Job>();
    this.loop = this.drainQueue();
    try {
      await this.openPort();
    } catch (err) {
      if (this.opts.reconnect === false || this.stopped) throw err;
      await new Promise<void>((resolve, reject) => {
        const onOpen = () => {
          this.off("stopped", onStop);
          resolve();
        };
        const onStop = () => {
          this.off("open", onOpen);
          reject(closedError("start"));
        };
        this.once("open", onOpen);
        this.once("stopped", onStop);
        this.scheduleReopen(err instanceof Error ? err : new Error(String(err)));
      });
    }
  }

  /** Close the transport, fail everything pending with `at.closed`, stop reopening. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.reopenTimer);
    this.openAbort?.abort();
    const port = this.wire.port;
    if (port !== undefined) this.disconnected(port, undefined);
    this.queue.close();
    this.emit("stopped");
    await this.loop;
    this.loop = undefined;
  }

  /**
   * Drop the current port (pending commands fail with `at.closed`) and open a fresh port object
   * at once: the healing ladder's last step before power, for a USB modem that re-enumerated or
   * a port wedged in the kernel driver. Resolves when the new port is open.
   */
  async reopen(): Promise<void> {
    if (this.loop === undefined || this.stopped) throw closedError("reopen");
    clearTimeout(this.reopenTimer);
    // The automatic reconnect may be opening a port right now: let it land, then replace it.
    // Opening beside it would leave two live ports (the older one still feeding the framer).
    if (this.opening !== undefined) await this.opening.catch(() => undefined);
    if (this.stopped) throw closedError("reopen");
    clearTimeout(this.reopenTimer); // that open's failure may have scheduled another try
    const port = this.wire.detach();
    if (port !== undefined) {
      this.inbound.reset();
      port.destroy();
      this.failQueued();
      this.emit("close", undefined);
    }
    this.reopenAttempt = 0;
    try {
      await this.openPort();
    } catch (err) {
      // Keep trying in the background as after any disconnect; the caller learns it failed now.
      if (this.opts.reconnect !== false)
        this.scheduleReopen(err instanceof Error ? err : undefined);
      throw err;
    }
  }

  /** Queue one command; resolves with its answer or rejects with an AtError. */
  run(cmd: AtCommand): Promise<AtResponse> {
    const origin: { stack?: string } = {};
    Error.captureStackTrace(origin, this.run);
    return new Promise<AtResponse>((resolve, reject) => {
      const job: CommandJob = { kind: "command", cmd, resolve, reject, origin, settled: false };
      const shown = this.shown(cmd);
      if (cmd.signal?.aborted) return failJob(job, abortedError(shown));
      if (!this.isOpen || this.stopped) return failJob(job, closedError(shown));
      // Queued: leave the queue now. On the wire: execute() feeds the transaction.
      const onAbort = () => {
        if (this.queue.remove(job)) failJob(job, abortedError(shown));
      };
      cmd.signal?.addEventListener("abort", onAbort, { once: true });
      const settle =
        <T>(fn: (v: T) => void) =>
        (v: T) => {
          cmd.signal?.removeEventListener("abort", onAbort);
          fn(v);
        };
      job.resolve = settle(resolve);
      job.reject = settle(reject);
      this.queue.push(job, cmd.priority ?? 10);
    });
  }

  /**
   * Hold the modem for a multi-step job (CMGS → prompt → PDU for every part): nothing else
   * goes on the wire until `fn` settles.
   */
  session<T>(fn: (at: AtRunner) => Promise<T>, opts: { priority?: number } = {}): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const job: SessionJob = {
        kind: "session",
        fn,
        resolve: resolve as (v: unknown) => void,
        reject,
        settled: false,
      };
      if (!this.isOpen || this.stopped) return failJob(job, closedError("session"));
      this.queue.push(job, opts.priority ?? 10);
    });
  }

  /** Resolve with the first URC matching `pred`; `at.timeout` / `at.aborted` otherwise. */
  waitForUrc(pred: (u: Urc) => boolean, timeoutMs: number, signal?: AbortSignal): Promise<Urc> {
    return this.waiters.waitFor(pred, timeoutMs, signal);
  }

  // ---- the loop ----

  private async drainQueue(): Promise<void> {
    for await (const job of this.queue) {
      if (job.settled) continue;
      try {
        if (job.kind === "command") await this.execute(job);
        else
          await runSession(
            job,
            (j) => this.execute(j),
            (c) => this.shown(c),
          );
      } catch (err) {
        // execute/runSession settle their job; this only guards the loop itself.
        this.log.error({ err: errorMessage(err) }, "AT loop error");
      }
    }
  }

  private execute(job: CommandJob): Promise<void> {
    return this.wire.execute(job, this.shown(job.cmd));
  }

  // ---- transport life ----

  private openPort(): Promise<void> {
    const opening = this.openOnce().finally(() => {
      if (this.opening === opening) this.opening = undefined;
    });
    this.opening = opening;
    return opening;
  }

  private async openOnce(): Promise<void> {
    this.openAbort = new AbortController();
    const port = await this.opts.open(this.openAbort.signal);
    if (this.stopped) {
      port.destroy();
      return;
    }
    this.inbound.reset();
    this.wire.attach(port);
    this.reopenAttempt = 0;
    port.on("data", (chunk: Buffer | string) => this.inbound.feed(chunk));
    port.on("error", (err: Error) => this.disconnected(port, err));
    port.on("close", () => this.disconnected(port, undefined));
    port.on("end", () => this.disconnected(port, undefined));
    this.log.debug("transport open");
    this.emit("open");
  }

  private disconnected(port: Duplex, err: Error | undefined): void {
    if (this.wire.port !== port) return;
    this.wire.detach();
    this.inbound.reset();
    if (!port.destroyed) port.destroy();
    this.failQueued();
    const level = this.stopped ? "debug" : "info";
    this.log[level]({ err: err ? errorMessage(err) : undefined }, "transport closed");
    this.emit("close", err);
    if (!this.stopped && this.opts.reconnect !== false) this.scheduleReopen(err);
  }

  private scheduleReopen(error?: Error): void {
    const { minMs, maxMs } = this.opts.reconnect || { minMs: 500, maxMs: 30_000 };
    const delayMs = Math.min(maxMs, minMs * 2 ** Math.min(this.reopenAttempt, 20));
    this.reopenAttempt++;
    this.emit("reconnecting", { attempt: this.reopenAttempt, delayMs, error });
    this.reopenTimer = setTimeout(() => {
      // An open already in flight (reopen()) schedules its own retry if it fails.
      if (this.stopped || this.opening !== undefined) return;
      this.openPort().catch((err: unknown) => {
        this.log.debug({ err: errorMessage(err) }, "reopen failed");
        if (!this.stopped) this.scheduleReopen(err instanceof Error ? err : new Error(String(err)));
      });
    }, delayMs);
  }

  // ---- helpers ----

  /** Everything still queued fails with `at.closed`: it was meant for a port that is gone. */
  private failQueued(): void {
    for (const job of this.queue.drain())
      failJob(job, closedError(job.kind === "command" ? this.shown(job.cmd) : "session"));
  }

  private shown(cmd: AtCommand): string {
    const text = cmd.command.trim();
    return cmd.redact || isSecretCommand(text) ? redactCommand(text, true) : text;
  }

  private deliverUrc(urc: Urc): void {
    try {
      this.emit("urc", urc);
    } catch (err) {
      this.log.warn({ err: errorMessage(err), urc: urc.name }, "URC listener threw");
    }
    this.waiters.offer(urc);
  }

  /** The last AT lines both ways, oldest first, secrets masked. */
  traceLines(): TraceLine[] {
    return this.traced.lines();
  }

  private trace(dir: "«" | "»", text: string): void {
    this.traced.add(dir === "»" ? "out" : "in", text);
    if (this.log.isLevelEnabled("debug")) this.log.debug(`${dir} ${text}`);
  }
}
