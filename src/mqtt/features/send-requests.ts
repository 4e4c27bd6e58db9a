import type { IPublishPacket } from "mqtt";
import type { OutboundMessage } from "../../sms/types.js";
import { type BridgeContext, type Feature, log, refuse, respond } from "../context.js";
import { okResponse, type SendResponseData, sentMessageData } from "../payloads.js";
import { readSendRequest, type SendSource, type Transaction } from "../requests.js";

export type { SendSource };

/** A send request read and durably queued, or refused; either way with its transaction. */
export type QueuedSend = { transaction: Transaction | undefined } & (
  | { ok: true; messages: OutboundMessage[]; data: SendResponseData }
  | { ok: false; error: unknown }
);

/**
 * Reads one send request (JSON or plain text) and queues it; resolves once it is durable. Shared
 * by the gateway's own send topics and the fleet's, which differ only in how they answer.
 */
export async function queueSendRequest(
  ctx: BridgeContext,
  source: SendSource,
  payload: Buffer,
  packet: IPublishPacket,
): Promise<QueuedSend> {
  const parsed: { transaction?: Transaction } = {};
  try {
    const max = ctx.config.mqtt.maxPayloadBytes;
    const request = readSendRequest(source, payload, packet.retain === true, max, parsed);
    const messages = await ctx.service.send({ ...request, origin: "mqtt" });
    // As the SMS service decides it: the request's choice, else the configured default.
    const report = request.deliveryReport ?? ctx.config.sms.deliveryReports;
    const data: SendResponseData =
      messages.length === 1 && messages[0] !== undefined
        ? sentMessageData(messages[0], report)
        : { messages: messages.map((m) => sentMessageData(m, report)) };
    return { ok: true, messages, data, transaction: parsed.transaction };
  } catch (error) {
    return { ok: false, error, transaction: parsed.transaction };
  }
}

/**
 * Outbound SMS over MQTT: `<base>/bridge/request/send` and `<base>/send` (JSON) and
 * `<base>/send/<number>` (plain text). Each is answered on `<base>/bridge/response/send` once
 * the message is durably queued (or refused); the request's PUBACK follows, so a request the
 * gateway did not queue is delivered again by the broker.
 */
export class SendRequestsFeature implements Feature {
  constructor(private readonly ctx: BridgeContext) {}

  start(): void {}
  stop(): void {}

  async handle(
    source: SendSource,
    topic: string,
    payload: Buffer,
    packet: IPublishPacket,
  ): Promise<void> {
    const r = await queueSendRequest(this.ctx, source, payload, packet);
    if (!r.ok) return refuse(this.ctx, "send", topic, r.error, r.transaction);
    log.info(
      { topic, ids: r.messages.map((m) => m.id), parts: r.messages.map((m) => m.parts) },
      "send request queued",
    );
    respond(this.ctx, "send", okResponse(r.data, r.transaction));
  }
}
