import { errorMessage } from "../../errors.js";
import type { InboundMessage } from "../../sms/types.js";
import { type BridgeContext, type Feature, log } from "../context.js";
import { receivedPayload } from "../payloads.js";

/** PUBACKs awaited at once: keeps the broker busy without reordering (one connection, FIFO). */
const WINDOW = 16;

/**
 * `<base>/received` at QoS 1, in arrival order. A message is acknowledged to the SMS service
 * (which then forgets it) only after the broker's PUBACK; while the broker is away messages
 * wait in the service's durable inbox and are published in order once it is back. Messages
 * in flight when the connection drops are resent by mqtt.js from its session store.
 */
export class InboundFeature implements Feature {
  private readonly queue: InboundMessage[] = [];
  /** Ids queued or in flight here (each is published once per process). */
  private readonly known = new Set<string>();
  private inFlight = 0;
  private running = false;
  private readonly onInbound = (m: InboundMessage) => this.enqueue(m);
  private readonly onConnect = () => {
    // Anything the service still holds that we lost track of (a failed publish) goes again.
    for (const m of this.ctx.service.pendingInbound()) this.enqueue(m);
    this.pump();
  };

  constructor(private readonly ctx: BridgeContext) {}

  start(): void {
    this.running = true;
    this.ctx.service.on("inbound", this.onInbound);
    this.ctx.connection.on("connect", this.onConnect);
    for (const m of this.ctx.service.pendingInbound()) this.enqueue(m);
  }

  stop(): void {
    this.running = false;
    this.ctx.service.off("inbound", this.onInbound);
    this.ctx.connection.off("connect", this.onConnect);
  }

  /** Waiting to be published (not yet handed to the broker). */
  get waiting(): number {
    return this.queue.length;
  }

  private enqueue(m: InboundMessage): void {
    if (this.known.has(m.id)) return;
    this.known.add(m.id);
    this.queue.push(m);
    this.pump();
  }

  private pump(): void {
    while (this.running && this.ctx.connection.connected && this.inFlight < WINDOW) {
      const m = this.queue.shift();
      if (m === undefined) return;
      this.inFlight++;
      void this.publish(m).finally(() => {
        this.inFlight--;
        this.pump();
      });
    }
  }

  private async publish(m: InboundMessage): Promise<void> {
    try {
      await this.ctx.connection.publishJson("received", this.ctx.topics.received, {
        ...receivedPayload(m),
        text: this.ctx.maskCodes?.(m.text) ?? m.text,
      });
    } catch (err) {
      // Not acknowledged (client stopped or failed): it stays in the service's inbox and is
      // offered again after the next connect or restart.
      this.known.delete(m.id);
      log.warn({ err: errorMessage(err), id: m.id }, "inbound SMS not published; will retry");
      return;
    }
    try {
      await this.ctx.service.ackInbound(m.id);
      log.info({ id: m.id, from: m.from, parts: m.parts }, "inbound SMS published");
    } catch (err) {
      log.error(
        { err: errorMessage(err), id: m.id },
        "inbound SMS published but not acknowledged to the store",
      );
    } finally {
      this.known.delete(m.id);
    }
  }
}
