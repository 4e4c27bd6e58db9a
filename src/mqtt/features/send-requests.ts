import type { IPublishPacket } from "mqtt";
import { SmsgwError } from "../../errors.js";
import type { OutboundMessage, SendRequest } from "../../sms/types.js";
import { type BridgeContext, type Feature, log, refuse, respond } from "../context.js";
import { okResponse, type SendResponseData, sentMessageData } from "../payloads.js";
import {
  parseJsonPayload,
  parseSendRequest,
  parseTextSend,
  type Transaction,
  transactionOf,
} from "../requests.js";

export type SendSource = { kind: "json" } | { kind: "text"; number: string };

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
    let transaction: Transaction | undefined;
    let request: SendRequest;
    try {
      if (packet.retain)
        throw new SmsgwError(
          "mqtt.retained-request",
          "retained send requests are ignored (they would be sent again at every restart); publish without retain and clear the retained message",
        );
      if (source.kind === "text") request = parseTextSend(source.number, payload, max);
      else {
        const value = parseJsonPayload(payload, max);
        transaction = transactionOf(value);
        request = parseSendRequest(value);
      }
    } catch (err) {
      refuse(this.ctx, "send", topic, err, transaction);
      return;
    }
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
