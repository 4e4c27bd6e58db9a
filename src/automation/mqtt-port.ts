import type { IConnackPacket, IPublishPacket, MqttClient } from "mqtt";
import { createLogger } from "../log.js";
import { withTimeout } from "../util/with-timeout.js";
import type { MqttMessageMeta, MqttPort } from "./ports.js";
import { topicMatches } from "./topic-filter.js";

const log = createLogger("automation:mqtt");

type Handler = (topic: string, payload: Buffer, meta: MqttMessageMeta) => void;

/**
 * The automation's MQTT port on an mqtt.js client: the only file here that knows mqtt.js.
 * One `message` listener dispatches to every subscriber whose filter matches (two features may
 * watch overlapping filters); a filter is unsubscribed when its last subscriber leaves. After
 * a reconnect without a session (the broker forgot us) the filters are subscribed again.
 */
export class MqttClientPort implements MqttPort {
  private readonly subs = new Map<string, Set<Handler>>();
  private attached = false;

  constructor(
    private readonly client: MqttClient,
    private readonly opts: { qos?: 0 | 1; publishTimeoutMs?: number } = {},
  ) {}

  /**
   * Publishes and waits for the broker's acknowledgement, at most `publishTimeoutMs` (default
   * 10 s): a command's action that cannot be delivered fails instead of holding up every later
   * SMS and the stop. The message is then taken out of mqtt.js's outgoing store, so it does not
   * go out later, long after the user was told it failed.
   */
  async publish(
    topic: string,
    payload: string,
    opts: { qos?: 0 | 1; retain?: boolean } = {},
  ): Promise<void> {
    let messageId: number | undefined;
    const sent = new Promise<void>((resolve, reject) => {
      this.client.publish(
        topic,
        payload,
        {
          qos: opts.qos ?? 1,
          retain: opts.retain ?? false,
          cbStorePut: () => {
            messageId = this.client.getLastMessageId();
          },
        },
        (err) => (err ? reject(err) : resolve()),
      );
    });
    const ms = this.opts.publishTimeoutMs ?? 10_000;
    try {
      await withTimeout(sent, ms);
    } catch (err) {
      if (messageId !== undefined) this.client.removeOutgoingMessage(messageId);
      sent.catch(() => {}); // settled by the removal; nothing waits for it any more
      throw err;
    }
  }

  async subscribe(filter: string, onMessage: Handler): Promise<() => Promise<void>> {
    this.attach();
    let set = this.subs.get(filter);
    const first = set === undefined;
    if (set === undefined) {
      set = new Set();
      this.subs.set(filter, set);
    }
    set.add(onMessage);
    if (first) await this.client.subscribeAsync(filter, { qos: this.opts.qos ?? 1 });
    let done = false;
    return async () => {
      if (done) return;
      done = true;
      const s = this.subs.get(filter);
      s?.delete(onMessage);
      if (s !== undefined && s.size === 0) {
        this.subs.delete(filter);
        if (this.client.connected) await this.client.unsubscribeAsync(filter);
      }
    };
  }

  /** Removes the listeners this port added (the client itself belongs to the caller). */
  detach(): void {
    if (!this.attached) return;
    this.attached = false;
    this.client.off("message", this.onMessage);
    this.client.off("connect", this.onConnect);
  }

  private attach(): void {
    if (this.attached) return;
    this.attached = true;
    this.client.on("message", this.onMessage);
    this.client.on("connect", this.onConnect);
  }

  private readonly onMessage = (topic: string, payload: Buffer, packet: IPublishPacket): void => {
    for (const [filter, handlers] of this.subs) {
      if (!topicMatches(filter, topic)) continue;
      for (const h of handlers) {
        try {
          h(topic, payload, { retain: packet.retain === true });
        } catch (err) {
          log.error({ err, topic }, "an automation MQTT handler threw");
        }
      }
    }
  };

  private readonly onConnect = (connack: IConnackPacket): void => {
    if (connack.sessionPresent || this.subs.size === 0) return;
    const filters = Object.fromEntries(
      [...this.subs.keys()].map((f) => [f, { qos: this.opts.qos ?? 1 }]),
    );
    this.client
      .subscribeAsync(filters)
      .catch((err: unknown) => log.warn({ err }, "re-subscribing automation topics failed"));
  };
}
