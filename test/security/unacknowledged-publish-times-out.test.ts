import { createServer, type Server } from "node:net";
import { Aedes } from "aedes";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseConfig } from "../../src/config/index.js";
import { isSmsgwError } from "../../src/errors.js";
import { MqttConnection } from "../../src/mqtt/connection.js";

/**
 * A publish whose PUBACK never comes (a broker that hangs, a half-dead link) must not hold up
 * whoever waits for it (the inbound pipeline, a stop): it fails with `mqtt.publish-timeout`.
 */

let aedes: Aedes;
let server: Server;
let connection: MqttConnection;

beforeAll(async () => {
  // A broker that never answers a publish to t/hang…: its authorisation never completes.
  aedes = await Aedes.createBroker({
    authorizePublish: (_client, packet, done) => {
      if (!packet.topic.startsWith("t/hang")) done(null);
    },
  });
  server = createServer((s) => aedes.handle(s));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  const address = server.address();
  const port = typeof address === "object" && address !== null ? address.port : 0;
  const { config } = await parseConfig(
    { mqtt: { url: `mqtt://127.0.0.1:${port}`, clientId: "publish-timeout" } },
    { env: {} },
  );
  connection = new MqttConnection({
    config: config.mqtt,
    will: { topic: "t/state", payload: "offline" },
    subscriptions: [],
    onMessage: async () => true,
    publishTimeoutMs: 300,
  });
  const connected = new Promise((r) => connection.once("connect", r));
  connection.start();
  await connected;
});

afterAll(async () => {
  await connection.stop(undefined, 300);
  await new Promise<void>((resolve) => aedes.close(() => resolve()));
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

describe("a publish the broker never acknowledges", () => {
  it("fails with mqtt.publish-timeout instead of waiting for ever", async () => {
    const err = await connection
      .publish("t/hang", "x", { qos: 1, retain: false })
      .catch((e: unknown) => e);
    expect(isSmsgwError(err, "mqtt.publish-timeout")).toBe(true);
  });

  it("does not keep the connection from stopping", async () => {
    void connection.publish("t/hang-2", "x", { qos: 1, retain: false }).catch(() => undefined);
    await expect(connection.stop(undefined, 300)).resolves.toBeUndefined();
  });
});
