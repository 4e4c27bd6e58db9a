import type { Config } from "../../config/schema.js";
import { errorMessage } from "../../errors.js";
import { type BridgeContext, type Feature, log } from "../context.js";
import {
  type DiscoveryMessage,
  discoveryFilter,
  discoveryMessages,
  nodeId,
} from "../homeassistant/discovery.js";
import { topicBase } from "../topics.js";

/**
 * Home Assistant MQTT discovery: retained configs under the discovery prefix after every
 * connect and again when Home Assistant announces `online` on its status topic (it forgets
 * non-retained state when it restarts).
 *
 * Stale configs (a contact removed or renamed, an entity a newer version no longer has,
 * discovery turned off) are found by subscribing to this gateway's own configs,
 * `<prefix>/+/<node_id>/+/config`: the broker hands over every retained one at each connect,
 * and one that this run would not publish is cleared with an empty retained payload, which
 * also removes the entity from Home Assistant. The broker, not a file of ours, is the record:
 * it also holds what older versions published and what a wiped data directory forgot, and no
 * guess is needed about when the retained configs have all arrived. Only configs that name
 * smsgw as their origin are cleared; configs under another node id (a changed base topic or
 * prefix) are not seen, and their device is deleted in Home Assistant instead.
 */
export class HomeAssistantFeature implements Feature {
  private readonly onConnect = () => this.publish();
  /** The config topics this run publishes (the same set every time: nothing in it changes). */
  private published: Set<string> | undefined;

  constructor(private readonly ctx: BridgeContext) {}

  get enabled(): boolean {
    return this.ctx.config.mqtt.homeassistant.enabled;
  }

  get statusTopic(): string {
    return this.ctx.config.mqtt.homeassistant.statusTopic;
  }

  private get prefix(): string {
    return this.ctx.config.mqtt.homeassistant.discoveryPrefix;
  }

  /** What the bridge's connection subscribes to for this feature (QoS 1). */
  static subscriptions(config: Config): string[] {
    const ha = config.mqtt.homeassistant;
    const own = discoveryFilter(ha.discoveryPrefix, topicBase(config.mqtt));
    return ha.enabled ? [ha.statusTopic, own] : [own];
  }

  start(): void {
    if (this.enabled) this.ctx.connection.on("connect", this.onConnect);
  }

  stop(): void {
    this.ctx.connection.off("connect", this.onConnect);
  }

  /** A message on Home Assistant's status topic. */
  onStatus(payload: Buffer): void {
    if (!this.enabled) return;
    if (payload.toString("utf8").trim() === "online") {
      log.info("Home Assistant is online: republishing discovery");
      this.publish();
    }
  }

  /** Whether `topic` is one of this gateway's discovery config topics. */
  ownsConfig(topic: string): boolean {
    const levels = topic.split("/");
    const prefix = this.prefix.split("/");
    return (
      levels.length === prefix.length + 4 &&
      prefix.every((p, i) => levels[i] === p) &&
      levels[prefix.length + 1] === nodeId(this.ctx.topics.base) &&
      levels[prefix.length + 3] === "config"
    );
  }

  /** A (retained) config under this gateway's node id: cleared if this run does not publish it. */
  onConfig(topic: string, payload: Buffer): void {
    if (payload.length === 0 || this.current().has(topic)) return;
    let origin: unknown;
    try {
      origin = (JSON.parse(payload.toString("utf8")) as { origin?: { name?: unknown } })?.origin
        ?.name;
    } catch {
      origin = undefined;
    }
    if (origin !== "smsgw") {
      log.debug({ topic }, "a discovery config under our node id that smsgw did not publish");
      return;
    }
    log.info({ topic }, "removing a stale Home Assistant entity");
    // Not awaited: the incoming message is acknowledged only after this handler returns.
    this.ctx.connection
      .publish(topic, "", { qos: 1, retain: true })
      .catch((err: unknown) =>
        log.warn({ err: errorMessage(err), topic }, "could not clear a stale discovery config"),
      );
  }

  private messages(): DiscoveryMessage[] {
    if (!this.enabled) return [];
    const { mqtt } = this.ctx.config;
    return discoveryMessages({
      // In fleet mode the own topics live under <base>/<gatewayId>: so does the device.
      baseTopic: this.ctx.topics.base,
      ...(mqtt.fleet.enabled ? { gatewayId: mqtt.fleet.gatewayId } : {}),
      discoveryPrefix: this.prefix,
      version: this.ctx.version,
      contacts: this.ctx.config.contacts,
      modemIntervalSeconds: mqtt.modemIntervalSeconds,
      calls: this.ctx.config.calls.enabled,
      ...(this.ctx.config.balance === undefined
        ? {}
        : { balance: { currency: this.ctx.config.balance.currency } }),
    });
  }

  private current(): Set<string> {
    this.published ??= new Set(this.messages().map((m) => m.topic));
    return this.published;
  }

  private publish(): void {
    for (const m of this.messages())
      this.ctx.connection
        .publish(m.topic, JSON.stringify(m.payload), { qos: 1, retain: true })
        .catch((err: unknown) =>
          log.warn({ err: errorMessage(err), topic: m.topic }, "discovery publish failed"),
        );
  }
}
