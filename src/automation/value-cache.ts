import { createLogger } from "../log.js";
import { payloadValue } from "./json-path.js";
import type { MqttPort } from "./ports.js";
import { topicMatches as matches } from "./topic-filter.js";

const log = createLogger("automation:values");

export interface ValueSource {
  topic: string;
  path?: string | undefined;
}

/**
 * The latest value seen on MQTT topics that replies quote (`TEMP?` → "21.5 °C"). Retained
 * messages count: they are exactly "the latest value" a sensor published.
 */
export class ValueCache {
  private readonly latest = new Map<string, { value: unknown; at: number }>();
  private readonly unsubs: Array<() => Promise<void>> = [];

  constructor(
    private readonly mqtt: MqttPort,
    private readonly sources: ReadonlyMap<string, ValueSource>,
    private readonly now: () => number,
  ) {}

  async start(): Promise<void> {
    const filters = new Set([...this.sources.values()].map((s) => s.topic));
    for (const filter of filters) {
      this.unsubs.push(
        await this.mqtt.subscribe(filter, (topic, payload) => {
          this.latest.set(topic, { value: payload, at: this.now() });
        }),
      );
    }
  }

  async stop(): Promise<void> {
    const list = this.unsubs.splice(0);
    await Promise.all(
      list.map((u) => u().catch((err: unknown) => log.debug({ err }, "unsubscribe failed"))),
    );
  }

  /** The value for `source` (the newest message on any topic its filter matches). */
  value(source: ValueSource): unknown {
    let best: { value: unknown; at: number } | undefined;
    for (const [topic, v] of this.latest)
      if (matches(source.topic, topic) && (best === undefined || v.at >= best.at)) best = v;
    if (best === undefined) return undefined;
    return payloadValue(best.value as Buffer, source.path);
  }
}
