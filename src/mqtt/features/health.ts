import { errorMessage } from "../../errors.js";
import type { HealthDocument } from "../../health/index.js";
import { type BridgeContext, type Feature, log } from "../context.js";

/**
 * `<base>/bridge/health` (retained): the health document on connect and whenever a check's
 * status changes. Only while connected: it is state, the next publish supersedes it.
 */
export class HealthFeature implements Feature {
  private readonly onConnect = () => {
    this.ctx.health?.current().then(
      (doc) => this.publish(doc),
      (err: unknown) => log.warn({ err: errorMessage(err) }, "health not evaluated"),
    );
  };
  private readonly onChange = (doc: HealthDocument) => this.publish(doc);

  constructor(private readonly ctx: BridgeContext) {}

  start(): void {
    this.ctx.connection.on("connect", this.onConnect);
    this.ctx.health?.on("change", this.onChange);
  }

  stop(): void {
    this.ctx.connection.off("connect", this.onConnect);
    this.ctx.health?.off("change", this.onChange);
  }

  private publish(doc: HealthDocument): void {
    if (!this.ctx.connection.connected) return;
    this.ctx.connection
      .publishJson("bridge/health", this.ctx.topics.bridgeHealth, doc)
      .catch((err: unknown) => log.warn({ err: errorMessage(err) }, "could not publish health"));
  }
}
