import type { IPublishPacket } from "mqtt";
import { errorMessage, SmsgwError } from "../../errors.js";
import type { OutboundMessage } from "../../sms/types.js";
import type { MqttConnection } from "../connection.js";
import { type BridgeContext, type Feature, log, refusal } from "../context.js";
import { sentMessages, statusPayload } from "../payloads.js";
import type { RequestSource, Transaction } from "../requests.js";
import { PUBLISH_OPTIONS } from "../topics.js";
import { answerPublish } from "./bridge-requests.js";
import type { FleetSendResponse, FleetStatusPayload, FleetTopics } from "./fleet-topics.js";

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
    source: RequestSource,
    topic: string,
    payload: Buffer,
    packet: IPublishPacket,
  ): Promise<void> {
    const r = await answerPublish(this.ctx, "send", source, payload, packet);
    if (!r.ok) return this.refuse(topic, r.error, r.transaction);
    log.info(
      { topic, gateway: this.topics.gatewayId, ids: sentMessages(r.data).map((m) => m.id) },
      "fleet send request queued",
    );
    this.respond({
      status: "ok",
      data: { ...r.data, gateway: this.topics.gatewayId },
      ...(r.transaction === undefined ? {} : { transaction: r.transaction }),
    });
  }

  /** A fleet topic of ours that is malformed (wildcards, extra levels). */
  invalid(topic: string, reason: string): void {
    this.refuse(topic, new SmsgwError("mqtt.invalid-topic", reason));
  }

  private refuse(topic: string, err: unknown, transaction?: Transaction): void {
    const r = refusal(topic, err, transaction, "fleet request");
    this.respond({ ...r, data: { gateway: this.topics.gatewayId } });
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
