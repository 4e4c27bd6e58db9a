import { randomUUID } from "node:crypto";
import { createLogger } from "../log.js";
import type { StateChange } from "../modem/lifecycle/options.js";
import { receivedPayload, statusPayload } from "../mqtt/payloads.js";
import type { InboundMessage, OutboundMessage, OutboundPart } from "../sms/types.js";
import { eventIdOf } from "../webhooks/event-id.js";
import type { WebhookEvent, WebhookEventType } from "../webhooks/types.js";

const log = createLogger("webhooks");

/** What the events are read from (`SmsService` satisfies it). */
export interface SmsEventsPort {
  pendingInbound(): InboundMessage[];
  partsOf(id: string): OutboundPart[] | undefined;
  on(event: "outbound", listener: (m: OutboundMessage) => void): unknown;
  on(event: "inbound", listener: (m: InboundMessage) => void): unknown;
  off(event: "outbound", listener: (m: OutboundMessage) => void): unknown;
  off(event: "inbound", listener: (m: InboundMessage) => void): unknown;
}

export interface ModemEventsPort {
  on(event: "state", listener: (e: StateChange) => void): unknown;
  off(event: "state", listener: (e: StateChange) => void): unknown;
}

/** Where events go (`WebhookEngine` satisfies it). */
export interface EventSink {
  /** Whether any receiver could want this type (asked before an event is built). */
  wants(type: WebhookEventType): boolean;
  publish(event: WebhookEvent, key?: string): Promise<number>;
}

export interface EventSourceOptions {
  sink: EventSink;
  service: SmsEventsPort;
  modem?: ModemEventsPort;
  /** `gateway.heartbeat` this often; 0 or absent: none. */
  heartbeatMs?: number;
  /** The health document the heartbeat carries. */
  health?: () => unknown;
  now?: () => number;
  /** Masks a one-time code or PIN in front of a command keyword in received texts. */
  maskCodes?: (text: string) => string;
}

const FINAL = new Set(["delivered", "failed", "expired", "cancelled"]);

/**
 * Turns what the SMS service and the modem announce into webhook events: `sms.received` once
 * per message (the service announces a message once it is reassembled, or at the reassembly
 * time limit with `complete: false`), `sms.status` on every change of an outbound message
 * (`delivered` once per message, with each part's report inside), `modem.state`,
 * `gateway.started` and, when asked, `gateway.heartbeat`. The service knows nothing of this:
 * it only emits its events.
 */
export class WebhookEventSource {
  private heartbeat: ReturnType<typeof setInterval> | undefined;
  private readonly now: () => number;
  private readonly onInbound = (m: InboundMessage) => this.received(m);
  private readonly onOutbound = (m: OutboundMessage) => this.status(m);
  private readonly onModemState = (e: StateChange) =>
    this.emit("modem.state", { from: e.from, to: e.to, reason: e.reason, at: e.at });

  constructor(private readonly o: EventSourceOptions) {
    this.now = o.now ?? Date.now;
  }

  /** Listens, and queues the messages still waiting to be handed on (announced before a restart). */
  start(): void {
    this.o.service.on("inbound", this.onInbound);
    this.o.service.on("outbound", this.onOutbound);
    this.o.modem?.on("state", this.onModemState);
    for (const m of this.o.service.pendingInbound()) this.received(m);
    if (this.o.heartbeatMs !== undefined && this.o.heartbeatMs > 0)
      this.heartbeat = setInterval(
        () => this.emit("gateway.heartbeat", { health: this.o.health?.() ?? null }),
        this.o.heartbeatMs,
      );
  }

  /** The gateway is up: `gateway.started`. */
  started(data: Record<string, unknown>): void {
    this.emit("gateway.started", data);
  }

  stop(): void {
    this.o.service.off("inbound", this.onInbound);
    this.o.service.off("outbound", this.onOutbound);
    this.o.modem?.off("state", this.onModemState);
    if (this.heartbeat !== undefined) clearInterval(this.heartbeat);
    this.heartbeat = undefined;
  }

  private received(m: InboundMessage): void {
    if (!this.o.sink.wants("sms.received")) return;
    const key = `sms.received:${m.id}`;
    this.publish(
      {
        id: eventIdOf(key),
        type: "sms.received",
        createdAt: new Date(this.now()).toISOString(),
        data: { ...receivedPayload(m), text: this.o.maskCodes?.(m.text) ?? m.text },
      },
      key,
    );
  }

  private status(m: OutboundMessage): void {
    // Thousands a second under load: nothing is built for an event no receiver wants.
    if (!this.o.sink.wants("sms.status")) return;
    // A final state happens once; others may repeat (sending again after a retry).
    const key = FINAL.has(m.status)
      ? `sms.status:${m.id}:${m.status}`
      : `sms.status:${m.id}:${m.status}:${m.updatedAt}`;
    this.publish(
      {
        id: eventIdOf(key),
        type: "sms.status",
        createdAt: new Date(this.now()).toISOString(),
        data: { ...statusPayload(m, this.o.service.partsOf(m.id)) },
      },
      key,
    );
  }

  private emit(type: WebhookEventType, data: Record<string, unknown>): void {
    if (!this.o.sink.wants(type)) return;
    this.publish({
      id: `evt_${randomUUID()}`,
      type,
      createdAt: new Date(this.now()).toISOString(),
      data,
    });
  }

  private publish(e: WebhookEvent, key?: string): void {
    this.o.sink.publish(e, key).catch((err: unknown) => {
      log.error({ err: String(err), event: e.id, type: e.type }, "could not queue a webhook event");
    });
  }
}
