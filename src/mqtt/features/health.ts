import { errorMessage } from "../../errors.js";
import type { HealthDocument } from "../../health/index.js";
import { type BridgeContext, type Feature, log } from "../context.js";

/**
 * `<base>/bridge/health` (retained): the health document on connect and whenever a check's
 * status changes. Only while connected: it is state, the next publish supersedes it.
 */
export class HealthFeature implements Feature {
  /**
   * The last evaluation, not a fresh one: a fresh one could finish after a newer change was
   * published and overwrite it (the retained document must be the newest).
   */
  private readonly onConnect = () => {
    const doc = this.ctx.health?.latest;
    if (doc !== undefined) this.publish(doc);
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
