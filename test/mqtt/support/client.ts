import { connectAsync, type MqttClient } from "mqtt";

export interface Received {
  topic: string;
  text: string;
  json: unknown;
  retain: boolean;
  /** The QoS the broker delivered it with (at most the subscription's, 1). */
  qos: number;
}

/**
 * A real mqtt.js client that records every message on its subscriptions and lets a test wait
 * for one (an event with a timeout, never a sleep).
 */
export class TestClient {
  readonly messages: Received[] = [];
  private waiters: Array<{ pred: (m: Received) => boolean; resolve: (m: Received) => void }> = [];

  private constructor(readonly client: MqttClient) {
    client.on("message", (topic, payload, packet) => {
      const text = payload.toString("utf8");
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch {
        json = undefined;
      }
      const m: Received = { topic, text, json, retain: packet.retain, qos: packet.qos };
      this.messages.push(m);
      for (const w of [...this.waiters])
        if (w.pred(m)) {
          this.waiters.splice(this.waiters.indexOf(w), 1);
          w.resolve(m);
        }
    });
  }

  static async connect(
    url: string,
    subscriptions: string[] = ["#"],
    clientId?: string,
    clean = true,
  ): Promise<TestClient> {
    const client = await connectAsync(url, {
      clientId: clientId ?? `test-${process.pid}-${Math.random().toString(16).slice(2)}`,
      reconnectPeriod: 100,
      clean,
    });
    const c = new TestClient(client);
    if (subscriptions.length > 0) await client.subscribeAsync(subscriptions, { qos: 1 });
    return c;
  }

  /** A clean session with a login (a broker with users and an ACL). */
  static async connectWith(
    url: string,
    subscriptions: string[],
    login: { clientId: string; username: string; password: string },
  ): Promise<TestClient> {
    const client = await connectAsync(url, { ...login, reconnectPeriod: 100, clean: true });
    const c = new TestClient(client);
    if (subscriptions.length > 0) await client.subscribeAsync(subscriptions, { qos: 1 });
    return c;
  }

  on(topic: string): Received[] {
    return this.messages.filter((m) => m.topic === topic);
  }

  jsonOn<T = Record<string, unknown>>(topic: string): T[] {
    return this.on(topic).map((m) => m.json as T);
  }

  waitFor(
    pred: (m: Received) => boolean,
    timeoutMs = 10_000,
    what = "a message",
  ): Promise<Received> {
    const hit = this.messages.find(pred);
    if (hit !== undefined) return Promise.resolve(hit);
    return new Promise<Received>((resolve, reject) => {
      const w = {
        pred,
        resolve: (m: Received) => {
          clearTimeout(timer);
          resolve(m);
        },
      };
      const timer = setTimeout(() => {
        this.waiters.splice(this.waiters.indexOf(w), 1);
        reject(new Error(`timed out waiting for ${what}`));
      }, timeoutMs);
      this.waiters.push(w);
    });
  }

  waitForTopic(
    topic: string,
    pred: (json: Record<string, unknown>) => boolean = () => true,
    timeoutMs = 10_000,
  ) {
    return this.waitFor(
      (m) => m.topic === topic && pred((m.json ?? {}) as Record<string, unknown>),
      timeoutMs,
      `a message on ${topic}`,
    );
  }

  /**
   * A bridge request as a client makes it: publishes `<base>/bridge/request/<name>` with a
   * fresh `transaction` and resolves with the response that carries it (the client must be
   * subscribed to the response topic).
   */
  async request(
    name: string,
    payload: Record<string, unknown> = {},
    base = "smsgw",
  ): Promise<Record<string, unknown>> {
    const transaction = `${name}-${Math.random().toString(16).slice(2)}`;
    const response = this.waitForTopic(
      `${base}/bridge/response/${name}`,
      (j) => j.transaction === transaction,
    );
    await this.publish(
      `${base}/bridge/request/${name}`,
      JSON.stringify({ ...payload, transaction }),
    );
    return (await response).json as Record<string, unknown>;
  }

  /** Waits until `count` messages matched. */
  async waitForCount(
    pred: (m: Received) => boolean,
    count: number,
    timeoutMs = 10_000,
  ): Promise<Received[]> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const hits = this.messages.filter(pred);
      if (hits.length >= count) return hits;
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`timed out: ${hits.length} of ${count} messages`);
      await this.waitFor(
        (m) => pred(m) && !hits.includes(m),
        left,
        `message ${hits.length + 1} of ${count}`,
      );
    }
  }

  async publish(
    topic: string,
    payload: string | Buffer,
    opts: { retain?: boolean } = {},
  ): Promise<void> {
    await this.client.publishAsync(topic, payload, { qos: 1, retain: opts.retain ?? false });
  }

  async close(): Promise<void> {
    await this.client.endAsync(true);
  }
}
