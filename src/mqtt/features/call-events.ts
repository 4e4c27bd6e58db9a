import { errorMessage } from "../../errors.js";
import type { CallEvent } from "../../sms/calls/index.js";
import { type BridgeContext, type Feature, log } from "../context.js";

/** `<base>/call`: each incoming call at QoS 1 (`{from, contact?, at}`), not retained. */
export class CallEventsFeature implements Feature {
  private readonly onCall = (c: CallEvent) => {
    this.ctx.connection
      .publishJson("call", this.ctx.topics.call, c)
      .catch((err: unknown) => log.warn({ err: errorMessage(err) }, "could not publish a call"));
  };

  constructor(private readonly ctx: BridgeContext) {}

  start(): void {
    this.ctx.calls?.on("call", this.onCall);
  }

  stop(): void {
    this.ctx.calls?.off("call", this.onCall);
  }
}
