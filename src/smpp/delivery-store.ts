import { EventEmitter } from "node:events";
import { join } from "node:path";
import { createLogger } from "../log.js";
import type { SmsPort } from "../mqtt/ports.js";
import type { InboundMessage, OutboundMessage } from "../sms/types.js";
import { DurableFile } from "../store/durable-file.js";
import type { Delivery, ReceiptState } from "./deliveries.js";

const log = createLogger("smpp");

export const SMPP_FILE = "smpp-deliveries.json";

/** A submitted message whose outcome an ESME asked to hear (registered_delivery). */
export interface ReceiptWatch {
  account: string;
  /** registered_delivery bits 0–1: 1 = any final outcome, 2 = failures only. */
  mask: 1 | 2;
  to: string;
  from: string;
  text: string;
  submittedAt: number;
}

interface Doc {
  seq: number;
  /** Per account, what waits for its receivers, oldest first. */
  lines: Record<string, Delivery[]>;
  watches: Record<string, ReceiptWatch>;
  /** Inbound ids already queued (the newest), so a restart queues none twice. */
  seenInbound: string[];
}

/** Most deliveries one account's line keeps; beyond it the oldest is dropped (logged). */
export const MAX_WAITING = 10_000;
const SEEN_INBOUND = 1_000;

const FINAL: Partial<Record<OutboundMessage["status"], ReceiptState>> = {
  delivered: "DELIVRD",
  failed: "UNDELIV",
  expired: "EXPIRED",
  cancelled: "DELETED",
};

/**
 * What waits for each account's receivers (inbound SMS, delivery receipts), on disk before a
 * session is offered it and removed only when the ESME's deliver_sm_resp says it has it. Also
 * the messages whose receipts were asked for. Sessions claim deliveries (one session each at
 * a time) and release them when they close unanswered.
 */
export class DeliveryStore extends EventEmitter<{ waiting: [account: string] }> {
  private readonly claimed = new Set<number>();
  private started = false;
  private closed = false;
  private chain: Promise<void> = Promise.resolve();
  private readonly onInbound = (m: InboundMessage) => this.enqueue(() => this.addInbound(m));
  private readonly onOutbound = (m: OutboundMessage) => {
    // Most status changes are of messages no ESME asked a receipt for: nothing to queue.
    if (this.file.data.watches[m.id] !== undefined) this.enqueue(() => this.observe(m));
  };

  private constructor(
    private readonly file: DurableFile<Doc>,
    private readonly service: SmsPort,
    /** Accounts that receive inbound SMS. */
    private readonly receivers: readonly string[],
    private readonly now: () => number,
  ) {
    super();
  }

  static async open(
    dir: string,
    service: SmsPort,
    receivers: readonly string[],
    now: () => number = Date.now,
  ): Promise<DeliveryStore> {
    const file = await DurableFile.open<Doc>(
      join(dir, SMPP_FILE),
      () => ({ seq: 0, lines: {}, watches: {}, seenInbound: [] }),
      {
        normalise: (raw) => {
          const d = (raw ?? {}) as Partial<Doc>;
          return {
            seq: d.seq ?? 0,
            lines: d.lines ?? {},
            watches: d.watches ?? {},
            seenInbound: d.seenInbound ?? [],
          };
        },
      },
    );
    return new DeliveryStore(file, service, receivers, now);
  }

  /** Follows the SMS service; queues what arrived or finished while the door was stopped. */
  start(): void {
    if (this.started) return;
    this.started = true;
    this.service.on("inbound", this.onInbound);
    this.service.on("outbound", this.onOutbound);
    for (const m of this.service.pendingInbound()) this.onInbound(m);
    for (const id of Object.keys(this.file.data.watches)) {
      const m = this.service.get(id);
      if (m !== undefined) this.onOutbound(m);
    }
  }

  /** Durably notes that `id`'s outcome goes to `watch.account`: before the message is queued. */
  async watch(id: string, watch: ReceiptWatch): Promise<void> {
    await this.file.update((d) => {
      d.watches[id] = watch;
    });
  }

  async unwatch(id: string): Promise<void> {
    await this.file.update((d) => {
      delete d.watches[id];
    });
  }

  /** What waits for `account`, oldest first. */
  waiting(account: string): readonly Delivery[] {
    return this.file.data.lines[account] ?? [];
  }

  /** Up to `max` waiting deliveries no session holds, oldest first; now held by the caller. */
  claim(account: string, max: number): Delivery[] {
    const out: Delivery[] = [];
    for (const d of this.waiting(account)) {
      if (out.length >= max) break;
      if (this.claimed.has(d.seq)) continue;
      this.claimed.add(d.seq);
      out.push(d);
    }
    return out;
  }

  /** A session gives a delivery back unanswered (it closed, or the ESME refused it for now). */
  release(seq: number): void {
    this.claimed.delete(seq);
  }

  /** The ESME has it: removed for good. */
  async done(account: string, seq: number): Promise<void> {
    await this.file.update((d) => {
      const line = d.lines[account];
      if (line === undefined) return;
      const i = line.findIndex((x) => x.seq === seq);
      if (i >= 0) line.splice(i, 1);
      if (line.length === 0) delete d.lines[account];
    });
    this.claimed.delete(seq);
  }

  /** Resolves once every event seen so far is on disk. */
  async settled(): Promise<void> {
    await this.chain;
  }

  /** Stops following the service and closes the file; a second call does nothing. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.service.off("inbound", this.onInbound);
    this.service.off("outbound", this.onOutbound);
    await this.chain;
    await this.file.close();
  }

  private enqueue(step: () => Promise<void>): void {
    this.chain = this.chain.then(step).catch((err: unknown) => {
      log.error({ err: String(err) }, "could not record an SMPP delivery");
    });
  }

  private push(d: Doc, account: string, item: Delivery): void {
    const line = d.lines[account] ?? [];
    d.lines[account] = line;
    line.push(item);
    if (line.length > MAX_WAITING) {
      const dropped = line.shift();
      log.error({ account, seq: dropped?.seq }, "SMPP line full: the oldest delivery is dropped");
    }
  }

  private async addInbound(m: InboundMessage): Promise<void> {
    if (this.receivers.length === 0 || this.file.data.seenInbound.includes(m.id)) return;
    await this.file.update((d) => {
      for (const account of this.receivers) {
        const seq = ++d.seq;
        this.push(d, account, {
          kind: "mo",
          seq,
          id: m.id,
          from: m.from,
          text: m.text,
          at: Date.parse(m.receivedAt) || this.now(),
        });
      }
      d.seenInbound.push(m.id);
      if (d.seenInbound.length > SEEN_INBOUND)
        d.seenInbound.splice(0, d.seenInbound.length - SEEN_INBOUND);
    });
    for (const account of this.receivers) this.emit("waiting", account);
  }

  private async observe(m: OutboundMessage): Promise<void> {
    const w = this.file.data.watches[m.id];
    if (w === undefined) return;
    const state = FINAL[m.status];
    if (state === undefined) return;
    const report = w.mask === 1 || state !== "DELIVRD";
    await this.file.update((d) => {
      delete d.watches[m.id];
      if (!report) return;
      this.push(d, w.account, {
        kind: "receipt",
        seq: ++d.seq,
        id: m.id,
        to: w.to,
        from: w.from,
        state,
        err: m.error?.cms ?? 0,
        submittedAt: w.submittedAt,
        doneAt: Date.parse(m.updatedAt) || this.now(),
        text: w.text.slice(0, 20),
      });
    });
    if (report) this.emit("waiting", w.account);
  }
}
