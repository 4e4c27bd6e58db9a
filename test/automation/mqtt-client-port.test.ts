import { connectAsync, type MqttClient } from "mqtt";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { MqttClientPort } from "../../src/automation/mqtt-port.js";
import type { MqttMessageMeta } from "../../src/automation/ports.js";
import { type EmbeddedBroker, startEmbeddedBroker } from "../../src/mqtt/embedded-broker.js";
import { TestClient } from "../mqtt/support/client.js";

let broker: EmbeddedBroker;
let client: MqttClient;
let other: TestClient;
beforeEach(async () => {
  broker = await startEmbeddedBroker({ port: 0 });
  client = await connectAsync(broker.url, {
    clientId: `port-${Math.random().toString(16).slice(2)}`,
  });
  other = await TestClient.connect(broker.url, []);
});
afterEach(async () => {
  await client.endAsync(true);
  await other.close();
  await broker.close();
});

function collector() {
  const got: Array<{ topic: string; text: string; retain: boolean }> = [];
  let wake: (() => void) | undefined;
  const fn = (topic: string, payload: Buffer, meta: MqttMessageMeta) => {
    got.push({ topic, text: payload.toString(), retain: meta.retain });
    wake?.();
  };
  const count = (n: number) =>
    new Promise<void>((resolve) => {
      if (got.length >= n) return resolve();
      wake = () => {
        if (got.length >= n) resolve();
      };
    });
  return { got, fn, count };
}

describe("the mqtt.js adapter of the automation's MQTT port", () => {
  it("delivers a message to every subscriber whose filter matches", async () => {
    const port = new MqttClientPort(client);
    const a = collector();
    const b = collector();
    await port.subscribe("home/+/temp", a.fn);
    await port.subscribe("home/#", b.fn);
    await other.publish("home/kitchen/temp", "21");
    await Promise.all([a.count(1), b.count(1)]);
    expect(a.got).toEqual([{ topic: "home/kitchen/temp", text: "21", retain: false }]);
    expect(b.got).toEqual([{ topic: "home/kitchen/temp", text: "21", retain: false }]);
  });

  it("keeps a filter while another subscriber still uses it", async () => {
    const port = new MqttClientPort(client);
    const a = collector();
    const b = collector();
    const offA = await port.subscribe("s/x", a.fn);
    await port.subscribe("s/x", b.fn);
    await offA();
    await other.publish("s/x", "1");
    await b.count(1);
    expect(a.got).toEqual([]);
  });

  it("marks retained messages replayed on subscribe", async () => {
    await other.publish("s/state", "on", { retain: true });
    const port = new MqttClientPort(client);
    const a = collector();
    await port.subscribe("s/state", a.fn);
    await a.count(1);
    expect(a.got).toEqual([{ topic: "s/state", text: "on", retain: true }]);
  });

  it("publishes with the options given", async () => {
    const seen = await TestClient.connect(broker.url, ["out/#"]);
    const port = new MqttClientPort(client);
    await port.publish("out/a", "x", { retain: true });
    const m = await seen.waitForTopic("out/a");
    expect(m.text).toBe("x");
    await seen.close();
  });
});
