import { join } from "node:path";
import { createLogger } from "../../log.js";
import type { SmsPort } from "../../mqtt/ports.js";
import type { OutboundMessage } from "../../sms/types.js";
import { DurableFile } from "../../store/durable-file.js";
import { dlrTypeOf, substituteDlrUrl } from "../../webhooks/dlr-escapes.js";
import type { ForwardRequest, ForwardSink } from "../../webhooks/engine.js";
import { eventIdOf } from "../../webhooks/event-id.js";

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

/** A callback an earlier version kept in its own queue (moved to the engine at start). */
interface LegacyCallback {
  url: string;
  message: string;
  seq: number;
}

interface DlrDoc {
  watches: Record<string, DlrWatch>;
  callbacks?: Record<string, LegacyCallback>;
}

export const DLR_FILE = "kannel-dlr.json";

/** The sendsms request a message belongs to: `<id>` or, for a list, `<id>:<number>`. */
const baseOf = (id: string): string => {
  const colon = id.indexOf(":");
  return colon < 0 ? id : id.slice(0, colon);
};

const FINAL = new Set(["delivered", "failed", "expired", "cancelled"]);

/**
 * The engine's receiver for a dlr-url: one per host, so a dead receiver never holds back
 * another's callbacks, and the attempts kept per receiver stay few.
 */
export function dlrTarget(url: string): string {
  try {
    return `kannel-dlr:${new URL(url).host}`;
  } catch {
    return "kannel-dlr:";
  }
}

function callback(url: string, message: string): ForwardRequest {
  // Kannel's dlr-url is a LAN application's URL as often as not: plain http is what it asked for.
  return {
    request: { url, method: "GET", headers: { "user-agent": "smsgw-kannel-dlr" } },
    allowHttp: true,
    // One message's reports arrive in the order they happened (8, then 1).
    order: message,
  };
}

/**
 * Kannel's dlr-url callbacks: which messages report where (on disk before the request's
 * `0: Accepted` answer), and, on each state change in the request's dlr-mask, the callback
 * handed to the webhook engine under a key of message and state, so a change seen twice
 * (after a restart) is queued once.
 */
export class KannelDlr {
  private chain: Promise<void> = Promise.resolve();
  private closed = false;
  private readonly onOutbound = (m: OutboundMessage) => {
    // Most messages were not sent through sendsms with a dlr-url: nothing to chain for them
    // (a request's watch is recorded before its messages are queued).
    if (this.file.data.watches[baseOf(m.id)] === undefined) return;
    this.chain = this.chain
      .then(() => this.observe(m))
      .catch((err: unknown) => {
        log.error({ err: String(err), id: m.id }, "could not record a dlr-url callback");
      });
  };

  private constructor(
    private readonly file: DurableFile<DlrDoc>,
    private readonly service: SmsPort,
    // The webhook engine: each callback on disk before its first attempt, retried as webhooks are.
    private readonly sink: ForwardSink,
  ) {}

  static async open(dir: string, service: SmsPort, sink: ForwardSink): Promise<KannelDlr> {
    const file = await DurableFile.open<DlrDoc>(join(dir, DLR_FILE), () => ({ watches: {} }), {
      normalise: (raw) => {
        const d = (raw ?? {}) as Partial<DlrDoc>;
        return { watches: d.watches ?? {}, ...(d.callbacks ? { callbacks: d.callbacks } : {}) };
      },
    });
    const dlr = new KannelDlr(file, service, sink);
    await dlr.adoptLegacy();
    return dlr;
  }

  /** Starts following the SMS service and catches up on what changed while stopped. */
  start(): void {
    this.service.on("outbound", this.onOutbound);
    for (const watch of Object.values(this.file.data.watches))
      for (const id of Object.keys(watch.seen)) {
        const m = this.service.get(id);
        if (m !== undefined && m.status !== watch.seen[id]) this.onOutbound(m);
      }
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

  /** Requests still waiting for a final state (tests and status). */
  watching(): string[] {
    return Object.keys(this.file.data.watches);
  }

  /** Resolves once every state change seen so far is queued and recorded. */
  async settled(): Promise<void> {
    await this.chain;
  }

  async close(): Promise<void> {
    this.closed = true;
    this.service.off("outbound", this.onOutbound);
    await this.chain;
    await this.file.close();
  }

  private async observe(m: OutboundMessage): Promise<void> {
    const base = baseOf(m.id);
    const watch = this.file.data.watches[base];
    if (watch === undefined || this.closed) return;
    const previous = watch.seen[m.id];
    if (previous === undefined || previous === m.status) return;
    const type = dlrTypeOf(m.status, previous);
    // Queued before the watch moves on: a crash between the two repeats the change at the
    // next start, and the key keeps the engine from queueing it twice.
    if (type !== undefined && (watch.mask & type) !== 0) {
      const url = substituteDlrUrl(watch.url, {
        type,
        message: m,
        from: watch.from,
        smsc: watch.smsc,
      });
      const key = `kannel-dlr:${m.id}:${m.status}`;
      await this.sink.forward(
        dlrTarget(url),
        callback(url, m.id),
        { id: eventIdOf(key), type: "sms.status" },
        key,
      );
    }
    await this.file.update((d) => {
      const w = d.watches[base];
      if (w === undefined) return;
      if (FINAL.has(m.status)) delete w.seen[m.id];
      else w.seen[m.id] = m.status;
      if (Object.keys(w.seen).length === 0) delete d.watches[base];
    });
  }

  /** Callbacks an earlier version queued itself go to the engine, in their order. */
  private async adoptLegacy(): Promise<void> {
    const old = Object.values(this.file.data.callbacks ?? {}).sort((a, b) => a.seq - b.seq);
    for (const cb of old) {
      const key = `kannel-dlr:legacy:${cb.seq}`;
      await this.sink.forward(
        dlrTarget(cb.url),
        callback(cb.url, cb.message),
        { id: eventIdOf(key), type: "sms.status" },
        key,
      );
    }
    if (this.file.data.callbacks !== undefined)
      await this.file.update((d) => {
        delete d.callbacks;
      });
  }
}
