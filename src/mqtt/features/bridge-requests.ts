import { SmsgwError } from "../../errors.js";
import { type BridgeContext, type Feature, refuse, respond } from "../context.js";
import { type HealthData, okResponse, type QueueListData, statusPayload } from "../payloads.js";
import {
  parseCancelRequest,
  parseEmptyRequest,
  parseJsonPayload,
  transactionOf,
} from "../requests.js";
import { REQUEST_NAMES } from "../topics.js";

/** `<base>/bridge/request/{health,queue/list,queue/cancel}` (send is SendRequestsFeature's). */
export class BridgeRequestsFeature implements Feature {
  constructor(private readonly ctx: BridgeContext) {}

  start(): void {}
  stop(): void {}

  async handle(name: string, topic: string, payload: Buffer): Promise<void> {
    const max = this.ctx.config.mqtt.maxPayloadBytes;
    let transaction: ReturnType<typeof transactionOf>;
    try {
      switch (name) {
        case "health": {
          const value = parseEmptyRequest(payload, max);
          transaction = transactionOf(value);
          respond(this.ctx, name, okResponse(this.health(), transaction));
          return;
        }
        case "queue/list": {
          const value = parseEmptyRequest(payload, max);
          transaction = transactionOf(value);
          const data = this.queueList();
          respond(this.ctx, name, okResponse(data, transaction));
          return;
        }
        case "queue/cancel": {
          const value = parseJsonPayload(payload, max);
          transaction = transactionOf(value);
          const { id } = parseCancelRequest(value);
          const origin = this.ctx.service.originOf(id);
          // Alerts and replies look like unknown ids: their ids and existence stay private.
          if (!this.admin && origin !== undefined && origin !== "mqtt")
            throw new SmsgwError("sms.not-found", `no message with id "${id}"`);
          const m = await this.ctx.service.cancel(id);
          if (m === undefined) throw new SmsgwError("sms.not-found", `no message with id "${id}"`);
          if (m.status !== "cancelled")
            throw new SmsgwError("sms.not-cancellable", `message "${id}" is already ${m.status}`);
          respond(this.ctx, name, okResponse(statusPayload(m), transaction));
          return;
        }
        default:
          throw new SmsgwError(
            "mqtt.unknown-request",
            `unknown request "${name}"; known: ${REQUEST_NAMES.join(", ")}`,
          );
      }
    } catch (err) {
      refuse(this.ctx, name, topic, err, transaction);
    }
  }

  private get admin(): boolean {
    return this.ctx.config.mqtt.allowQueueAdmin;
  }

  /**
   * MQTT has no identity beyond the topic, so without the admin switch a client sees only
   * what came over MQTT, and no texts: alerts, replies and one-time codes stay private.
   */
  private queueList(): QueueListData {
    if (this.admin) {
      const messages = this.ctx.service.list();
      return { count: messages.length, messages };
    }
    const messages = this.ctx.service
      .list({ origins: ["mqtt"] })
      .map(({ text: _text, ...rest }) => rest);
    return { count: messages.length, messages };
  }

  health(): HealthData {
    return {
      healthy: this.ctx.modem.state === "ready",
      modem: this.ctx.modem.state,
      mqtt: "connected",
      uptimeSeconds: Math.round((Date.now() - this.ctx.startedAt.getTime()) / 1000),
      stats: this.ctx.service.stats(),
      inboxPending: this.ctx.service.pendingInbound().length,
    };
  }
}
