import type { IPublishPacket } from "mqtt";
import { errorMessage, isSmsgwError, SmsgwError } from "../../errors.js";
import type { OutboundMessage } from "../../sms/types.js";
import type { MqttConnection } from "../connection.js";
import { type BridgeContext, type Feature, log } from "../context.js";
import { type SendResponseData, sentMessageData, statusPayload } from "../payloads.js";
import { readSendRequest, type Transaction } from "../requests.js";
import { PUBLISH_OPTIONS } from "../topics.js";
import type { FleetSendResponse, FleetStatusPayload, FleetTopics } from "./fleet-topics.js";
import type { SendSource } from "./send-requests.js";

/**
 * Fleet send requests (`<base>/fleet/send[/<number>]`, through the shared subscription):
 * parsed and queued exactly as the gateway's own sends, answered on `<base>/fleet/response/send`
 * with this gateway's id. The handler resolves only once the message is durably queued (or
 * refused), and the PUBACK follows it: a request this gateway never queued stays with the
 * broker for another member (see fleet-adopt.ts for a member that dies).
 */
export class FleetSendFeature {
  constructor(
    private readonly ctx: BridgeContext,
    private readonly topics: FleetTopics,
    private readonly connection: () => MqttConnection | undefined,
  ) {}

  async handle(
    source: SendSource,
    topic: string,
    payload: Buffer,
    packet: IPublishPacket,
  ): Promise<void> {
    const max = this.ctx.config.mqtt.maxPayloadBytes;
    const parsed: { transaction?: Transaction } = {};
    let messages: OutboundMessage[];
    try {
      const request = readSendRequest(source, payload, packet.retain === true, max, parsed);
      messages = await this.ctx.service.send(request);
    } catch (err) {
      this.refuse(topic, err, parsed.transaction);
      return;
    }
    const { transaction } = parsed;
    const data: SendResponseData =
      messages.length === 1 && messages[0] !== undefined
        ? sentMessageData(messages[0])
        : { messages: messages.map(sentMessageData) };
    log.info(
      { topic, gateway: this.topics.gatewayId, ids: messages.map((m) => m.id) },
      "fleet send request queued",
    );
    this.respond({
      status: "ok",
      data: { ...data, gateway: this.topics.gatewayId },
      ...(transaction === undefined ? {} : { transaction }),
    });
  }

  /** A fleet topic of ours that is malformed (wildcards, extra levels). */
  invalid(topic: string, reason: string): void {
    this.refuse(topic, new SmsgwError("mqtt.invalid-topic", reason));
  }

  private refuse(topic: string, err: unknown, transaction?: Transaction): void {
    const code = isSmsgwError(err) ? err.code : "mqtt.internal";
    const message = isSmsgwError(err) ? err.message : `internal error: ${errorMessage(err)}`;
    if (isSmsgwError(err)) log.warn({ topic, code, error: message }, "fleet request refused");
    else log.error({ topic, err: errorMessage(err) }, "fleet request failed");
    this.respond({
      status: "error",
      error: message,
      code,
      data: { gateway: this.topics.gatewayId },
      ...(transaction === undefined ? {} : { transaction }),
    });
  }

  /** Not awaited: the handler runs before our own PUBACK, the response's PUBACK comes later. */
  private respond(response: FleetSendResponse): void {
    const connection = this.connection() ?? this.ctx.connection;
    connection
      .publish(this.topics.response, JSON.stringify(response), PUBLISH_OPTIONS["bridge/response"])
      .catch((err: unknown) =>
        log.warn({ err: errorMessage(err) }, "could not publish a fleet response"),
      );
  }
}

/**
 * `<base>/<gatewayId>/status/<id>` in fleet mode: every lifecycle change, with the gateway's id
 * in the payload (a client following a fleet request learns who has it from the response).
 */
export class FleetStatusEventsFeature implements Feature {
  private readonly onOutbound = (m: OutboundMessage) => {
    const payload: FleetStatusPayload = { ...statusPayload(m), gateway: this.gatewayId };
    this.ctx.connection
      .publishJson("status", this.ctx.topics.status(m.id), payload)
      .catch((err: unknown) =>
        log.warn({ err: errorMessage(err), id: m.id }, "could not publish a status"),
      );
  };

  constructor(
    private readonly ctx: BridgeContext,
    private readonly gatewayId: string,
  ) {}

  start(): void {
    this.ctx.service.on("outbound", this.onOutbound);
  }

  stop(): void {
    this.ctx.service.off("outbound", this.onOutbound);
  }
}
