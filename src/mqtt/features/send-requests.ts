import type { IPublishPacket } from "mqtt";
import type { OutboundMessage, SendRequest } from "../../sms/types.js";
import { type BridgeContext, type Feature, log, refuse, respond } from "../context.js";
import { okResponse, type SendResponseData, sentMessageData } from "../payloads.js";
import { readSendRequest, type SendSource, type Transaction } from "../requests.js";

export type { SendSource };

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
    const max = this.ctx.config.mqtt.maxPayloadBytes;
    const parsed: { transaction?: Transaction } = {};
    let request: SendRequest;
    try {
      request = readSendRequest(source, payload, packet.retain === true, max, parsed);
    } catch (err) {
      refuse(this.ctx, "send", topic, err, parsed.transaction);
      return;
    }
    const { transaction } = parsed;
    let messages: OutboundMessage[];
    try {
      messages = await this.ctx.service.send(request);
    } catch (err) {
      refuse(this.ctx, "send", topic, err, transaction);
      return;
    }
    const data: SendResponseData =
      messages.length === 1 && messages[0] !== undefined
        ? sentMessageData(messages[0])
        : { messages: messages.map(sentMessageData) };
    log.info(
      { topic, ids: messages.map((m) => m.id), parts: messages.map((m) => m.parts) },
      "send request queued",
    );
    respond(this.ctx, "send", okResponse(data, transaction));
  }
}
