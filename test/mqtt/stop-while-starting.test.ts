import { EventEmitter } from "node:events";
import { afterEach, describe, expect, it } from "vitest";
import { parseConfig } from "../../src/config/index.js";
import { MqttBridge } from "../../src/mqtt/bridge.js";
import { MqttConnection } from "../../src/mqtt/connection.js";
import type { ModemView, SmsPort } from "../../src/mqtt/ports.js";
import { TestBroker } from "./support/broker.js";
import { TestClient } from "./support/client.js";

let broker: TestBroker | undefined;
let observer: TestClient | undefined;

afterEach(async () => {
  await observer?.close();
  await broker?.close();
  broker = observer = undefined;
});

async function setUp() {
  broker = await TestBroker.start();
  observer = await TestClient.connect(broker.url, ["#"]);
  const { config } = await parseConfig(
    { mqtt: { url: broker.url, clientId: "stop-while-starting" } },
    { env: {} },
  );
  return config;
}

/** Time for anything late to show: a round trip through the broker, then a moment more. */
async function settle(): Promise<void> {
  await observer?.publish("marker/settle", "x");
  await observer?.waitForTopic("marker/settle");
  await new Promise((r) => setTimeout(r, 300));
}

describe("an MQTT connection stopped while it is still connecting", () => {
  it("never connects", async () => {
    const config = await setUp();
    const connection = new MqttConnection({
      config: config.mqtt,
      will: { topic: "smsgw/bridge/state", payload: '{"state":"offline"}' },
      subscriptions: [],
      onMessage: async () => true,
    });
    let connects = 0;
    connection.on("connect", () => connects++);
    connection.start();
    await connection.stop();
    await settle();
    expect([connects, connection.connected]).toEqual([0, false]);
  });
});

describe("an MQTT bridge stopped while it is starting", () => {
  it("publishes nothing", async () => {
    const config = await setUp();
    const events = new EventEmitter();
    const modem = Object.assign(events, { state: "off", reason: "not-started" }) as ModemView;
    // Inbound features read what is pending at start; nothing is.
    const service = Object.assign(new EventEmitter(), {
      pendingInbound: () => [],
    }) as unknown as SmsPort;
    const bridge = new MqttBridge({ config, service, modem });
    const starting = bridge.start();
    await bridge.stop();
    await starting;
    await settle();
    expect(observer?.messages.filter((m) => m.topic.startsWith("smsgw/"))).toEqual([]);
  });
});
