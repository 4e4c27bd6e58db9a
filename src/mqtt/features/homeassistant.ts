import { errorMessage } from "../../errors.js";
import { type BridgeContext, type Feature, log } from "../context.js";
import { discoveryMessages } from "../homeassistant/discovery.js";

/**
 * Home Assistant MQTT discovery: retained configs under the discovery prefix after every
 * connect and again when Home Assistant announces `online` on its status topic (it forgets
 * non-retained state when it restarts).
 */
export class HomeAssistantFeature implements Feature {
  private readonly onConnect = () => this.publish();

  constructor(private readonly ctx: BridgeContext) {}

  get statusTopic(): string {
    return this.ctx.config.mqtt.homeassistant.statusTopic;
  }

  start(): void {
    this.ctx.connection.on("connect", this.onConnect);
  }

  stop(): void {
    this.ctx.connection.off("connect", this.onConnect);
  }

  /** A message on Home Assistant's status topic. */
  onStatus(payload: Buffer): void {
    if (payload.toString("utf8").trim() === "online") {
      log.info("Home Assistant is online: republishing discovery");
      this.publish();
    }
  }

  private publish(): void {
    const { mqtt } = this.ctx.config;
    const messages = discoveryMessages({
      // In fleet mode the own topics live under <base>/<gatewayId>: so does the device.
      baseTopic: this.ctx.topics.base,
      ...(mqtt.fleet.enabled ? { gatewayId: mqtt.fleet.gatewayId } : {}),
      discoveryPrefix: mqtt.homeassistant.discoveryPrefix,
      version: this.ctx.version,
      contacts: this.ctx.config.contacts,
      modemIntervalSeconds: mqtt.modemIntervalSeconds,
    });
    for (const m of messages)
      this.ctx.connection
        .publish(m.topic, JSON.stringify(m.payload), { qos: 1, retain: true })
        .catch((err: unknown) =>
          log.warn({ err: errorMessage(err), topic: m.topic }, "discovery publish failed"),
        );
  }
}
