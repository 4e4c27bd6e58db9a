import type { IPublishPacket } from "mqtt";
import { type BridgeContext, type Feature, log, refuse, respond } from "../context.js";
import {
  handleRequest,
  knownRequest,
  type RequestContext,
  type RequestName,
  type ResponseData,
  requestEntry,
} from "../handlers/index.js";
import { okResponse, type SendResponseData, sentMessages } from "../payloads.js";
import { MQTT_FIELDS, type RequestSource, readRequestBody, type Transaction } from "../requests.js";

export type { RequestSource };

/** The request table's view of the MQTT door. */
export function mqttRequestContext(ctx: BridgeContext): RequestContext {
  return {
    service: ctx.service,
    modem: ctx.modem,
    startedAt: ctx.startedAt,
    origin: "mqtt",
    admin: ctx.config.mqtt.allowQueueAdmin,
    deliveryReports: ctx.config.sms.deliveryReports,
    mqtt: () => (ctx.connection.connected ? "connected" : "disconnected"),
    ...(ctx.ussd === undefined ? {} : { ussd: ctx.ussd }),
    ...(ctx.balance === undefined ? {} : { balance: ctx.balance }),
  };
}

/** One request publish, handled or refused; either way with its transaction. */
export type Answer<N extends RequestName> = { transaction: Transaction | undefined } & (
  | { ok: true; data: ResponseData[N] }
  | { ok: false; error: unknown }
);

/**
 * Reads one request publish (the MQTT side: retained refusal, payload, transaction) and runs
 * the request table's handler; resolves once it is done (for a send: durably queued). Shared
 * by the gateway's own topics and the fleet's, which differ only in how they answer.
 */
export async function answerPublish<N extends RequestName>(
  ctx: BridgeContext,
  name: N,
  source: RequestSource,
  payload: Buffer,
  packet: IPublishPacket,
): Promise<Answer<N>> {
  const read: { transaction?: Transaction } = {};
  try {
    const max = ctx.config.mqtt.maxPayloadBytes;
    const body = readRequestBody(name, source, payload, packet.retain === true, max, read);
    const data = await handleRequest(name, body, mqttRequestContext(ctx), MQTT_FIELDS);
    return { ok: true, data, transaction: read.transaction };
  } catch (error) {
    return { ok: false, error, transaction: read.transaction };
  }
}

/**
 * Requests over MQTT: `<base>/bridge/request/<name>` for every entry of the request table, and
 * the send shortcuts `<base>/send` (JSON) and `<base>/send/<number>` (plain text). Each is
 * answered on `<base>/bridge/response/<name>` once handled (a send: durably queued) or refused;
 * the request's PUBACK follows, so a request the gateway did not queue is delivered again.
 */
export class BridgeRequestsFeature implements Feature {
  constructor(private readonly ctx: BridgeContext) {}

  start(): void {}
  stop(): void {}

  async handle(
    name: string,
    source: RequestSource,
    topic: string,
    payload: Buffer,
    packet: IPublishPacket,
  ): Promise<void> {
    let known: RequestName;
    try {
      known = knownRequest(name);
    } catch (err) {
      return refuse(this.ctx, name, topic, err);
    }
    // mqtt.js hands over the next publish only once this one is acknowledged: a request whose
    // answer waits for the network (USSD: up to minutes) is acknowledged now and answered later,
    // so sends and other requests are not held behind it.
    if (requestEntry(known).slow === true) {
      void this.answer(known, source, topic, payload, packet);
      return;
    }
    await this.answer(known, source, topic, payload, packet);
  }

  private async answer(
    known: RequestName,
    source: RequestSource,
    topic: string,
    payload: Buffer,
    packet: IPublishPacket,
  ): Promise<void> {
    const r = await answerPublish(this.ctx, known, source, payload, packet);
    if (!r.ok) return refuse(this.ctx, known, topic, r.error, r.transaction);
    if (known === "send") {
      const sent = sentMessages(r.data as SendResponseData);
      log.info(
        { topic, ids: sent.map((m) => m.id), parts: sent.map((m) => m.parts) },
        "send request queued",
      );
    }
    respond(this.ctx, known, okResponse(r.data, r.transaction));
  }
}
