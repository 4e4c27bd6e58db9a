import type { MqttMessageMeta, MqttPort } from "../../../src/automation/ports.js";
import { topicMatches } from "../../../src/automation/topic-filter.js";

/**
 * An in-process stand-in for the broker, for tests on fake time (a real mqtt.js client's
 * keepalive would fire while a test jumps hours ahead). It delivers like a broker does:
 * to every matching subscription, retained messages on subscribe.
 */
export class MemoryMqtt implements MqttPort {
  readonly published: Array<{ topic: string; payload: string; retain: boolean }> = [];
  private readonly subs = new Set<{
    filter: string;
    fn: (t: string, p: Buffer, m: MqttMessageMeta) => void;
  }>();
  private readonly retained = new Map<string, string>();

  async publish(
    topic: string,
    payload: string,
    opts: { qos?: 0 | 1; retain?: boolean } = {},
  ): Promise<void> {
    this.published.push({ topic, payload, retain: opts.retain ?? false });
    if (opts.retain) this.retained.set(topic, payload);
    this.deliver(topic, payload, false);
  }

  async subscribe(
    filter: string,
    fn: (t: string, p: Buffer, m: MqttMessageMeta) => void,
  ): Promise<() => Promise<void>> {
    const sub = { filter, fn };
    this.subs.add(sub);
    for (const [topic, payload] of this.retained)
      if (topicMatches(filter, topic)) fn(topic, Buffer.from(payload), { retain: true });
    return async () => {
      this.subs.delete(sub);
    };
  }

  /** A sensor publishing. */
  sensor(topic: string, payload: unknown, retain = false): void {
    const text = typeof payload === "string" ? payload : JSON.stringify(payload);
    if (retain) this.retained.set(topic, text);
    this.deliver(topic, text, false);
  }

  /** What a broker does when a client re-subscribes (a reconnect without session): replay retained. */
  replayRetained(): void {
    for (const [topic, payload] of this.retained)
      for (const s of [...this.subs])
        if (topicMatches(s.filter, topic)) s.fn(topic, Buffer.from(payload), { retain: true });
  }

  on(topic: string): string[] {
    return this.published.filter((p) => p.topic === topic).map((p) => p.payload);
  }

  get subscriptions(): number {
    return this.subs.size;
  }

  private deliver(topic: string, payload: string, retain: boolean): void {
    for (const s of [...this.subs])
      if (topicMatches(s.filter, topic)) s.fn(topic, Buffer.from(payload), { retain });
  }
}
