import { errorMessage } from "../../errors.js";
import type { UssdEvent } from "../../sms/ussd/index.js";
import { type BridgeContext, type Feature, log } from "../context.js";

/**
 * `<base>/ussd`: every USSD outcome at QoS 1, whoever asked (MQTT, the command line, the
 * balance check) and what the network sent on its own (a pushed message, a menu it ended).
 */
export class UssdEventsFeature implements Feature {
  private readonly onResult = (e: UssdEvent) => {
    this.ctx.connection
      .publishJson("ussd", this.ctx.topics.ussd, e)
      .catch((err: unknown) =>
        log.warn({ err: errorMessage(err) }, "could not publish a USSD event"),
      );
  };

  constructor(private readonly ctx: BridgeContext) {}

  start(): void {
    this.ctx.ussd?.on("result", this.onResult);
  }

  stop(): void {
    this.ctx.ussd?.off("result", this.onResult);
  }
}
