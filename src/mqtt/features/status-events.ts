import { errorMessage } from "../../errors.js";
import type { OutboundMessage } from "../../sms/types.js";
import { type BridgeContext, type Feature, log } from "../context.js";
import { statusPayload } from "../payloads.js";

/** `<base>/status/<id>`: every lifecycle change of an outbound message, QoS 1. */
export class StatusEventsFeature implements Feature {
  private readonly onOutbound = (m: OutboundMessage) => {
    this.ctx.connection
      .publishJson(
        "status",
        this.ctx.topics.status(m.id),
        statusPayload(m, this.ctx.service.partsOf(m.id)),
      )
      .catch((err: unknown) =>
        log.warn({ err: errorMessage(err), id: m.id }, "could not publish a status"),
      );
  };

  constructor(private readonly ctx: BridgeContext) {}

  start(): void {
    this.ctx.service.on("outbound", this.onOutbound);
  }

  stop(): void {
    this.ctx.service.off("outbound", this.onOutbound);
  }
}
