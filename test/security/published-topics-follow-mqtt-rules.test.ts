import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { parseConfig } from "../../src/config/index.js";
import { isSmsgwError } from "../../src/errors.js";
import { MqttConnection } from "../../src/mqtt/connection.js";
import { encodeTopicLevel, topicNameProblem } from "../../src/mqtt/topic-name.js";
import { TestBroker } from "../mqtt/support/broker.js";
import { TestClient } from "../mqtt/support/client.js";

describe("topicNameProblem: MQTT's rules for a topic the gateway publishes", () => {
  it.each([
    ["smsgw/status/abc", undefined],
    ["smsgw/status/ünïcode", undefined],
    ["smsgw/status/😀", undefined],
  ])("accepts %j", (topic, problem) => {
    expect(topicNameProblem(topic)).toBe(problem);
  });

  it.each([
    ["", "must not be empty"],
    ["smsgw/status/a\u0001b", "control characters (U+0001 at 14)"],
    ["smsgw/status/a\u0000b", "control characters (U+0000"],
    ["smsgw/status/a\u007fb", "control characters (U+007F"],
    ["smsgw/status/a\u0085b", "control characters (U+0085"],
    ["smsgw/status/a\ud800b", "lone surrogate U+D800"],
    ["smsgw/status/a\udc00", "lone surrogate U+DC00"],
    ["smsgw/status/\uffff", "non-character U+FFFF"],
    ["smsgw/status/\ufdd0", "non-character U+FDD0"],
    ["smsgw/status/+", "wildcards"],
    ["smsgw/status/#", "wildcards"],
    ["$SYS/broker", "belong to the broker"],
  ])("refuses %j", (topic, problem) => {
    expect(topicNameProblem(topic)).toContain(problem);
  });

  it("refuses a topic of more than 65,535 bytes of UTF-8", () => {
    expect(topicNameProblem(`smsgw/${"é".repeat(33_000)}`)).toContain(
      "at most 65535 bytes of UTF-8, not 66006",
    );
  });
});

describe("encodeTopicLevel: any id becomes one safe topic level", () => {
  it("percent-encodes control characters and non-ASCII as UTF-8 bytes", () => {
    expect(encodeTopicLevel("a\u0001b c/ä+#%")).toBe("a%01b c%2F%C3%A4%2B%23%25");
  });

  it("keeps printable ASCII (spaces included) as it is", () => {
    expect(encodeTopicLevel("batch 1:x_y.z~(1)")).toBe("batch 1:x_y.z~(1)");
  });

  it("gives a topic level MQTT accepts for every character from U+0000 to U+FFFF", () => {
    const problems: string[] = [];
    for (let c = 0; c <= 0xffff; c++) {
      const problem = topicNameProblem(`smsgw/status/${encodeTopicLevel(String.fromCharCode(c))}`);
      if (problem !== undefined) problems.push(problem);
    }
    expect(problems).toEqual([]);
  });
});

describe("MqttConnection.publish", () => {
  let broker: TestBroker;
  let observer: TestClient;
  let connection: MqttConnection;

  beforeAll(async () => {
    broker = await TestBroker.start();
    observer = await TestClient.connect(broker.url, ["t/#"]);
    const { config } = await parseConfig(
      { mqtt: { url: broker.url, clientId: "publish-rules", keepaliveSeconds: 0 } },
      { env: {} },
    );
    connection = new MqttConnection({
      config: config.mqtt,
      will: { topic: "t/state", payload: "offline" },
      subscriptions: [],
      onMessage: async () => true,
      publishTimeoutMs: 5_000,
    });
    const connected = new Promise((r) => connection.once("connect", r));
    connection.start();
    await connected;
  });
  afterEach(() => vi.useRealTimers());
  afterAll(async () => {
    await connection.stop();
    await observer.close();
    await broker.close();
  });

  it("refuses a topic with a control character with mqtt.invalid-topic and sends nothing", async () => {
    const err = await connection
      .publish("t/a\u0001b", "x", { qos: 1, retain: false })
      .catch((e: unknown) => e);
    expect(isSmsgwError(err, "mqtt.invalid-topic")).toBe(true);
    await connection.publish("t/after", "y", { qos: 1, retain: false });
    await observer.waitForTopic("t/after");
    expect(observer.messages.map((m) => m.topic)).toEqual(["t/after"]);
  });

  it("stays connected after a refused topic", () => {
    expect(connection.connected).toBe(true);
  });
});
