import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { connectAsync } from "mqtt";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseConfig } from "../../src/config/index.js";
import { Gateway } from "../../src/gateway/index.js";
import { SimulatedModem } from "../../src/simulator/index.js";
import { TestClient } from "../mqtt/support/client.js";
import { Mosquitto } from "../mqtt/support/mosquitto.js";

/**
 * The attack against a real mosquitto, which closes the connection of a client that publishes
 * to a topic with a control character: a send request with `"id": "a\u0001b"` used to make the
 * gateway publish `smsgw/status/a\x01b` and lose its connection on every reconnect.
 */

let broker: Mosquitto;
let sim: SimulatedModem;
let gateway: Gateway;
let client: TestClient;
let dir: string;

beforeAll(async () => {
  broker = await Mosquitto.start();
  dir = await mkdtemp(join(tmpdir(), "smsgw-sec-"));
  sim = new SimulatedModem({ profile: "SIM7600", timing: "instant" });
  const { config } = await parseConfig(
    {
      mqtt: { url: broker.url, clientId: "smsgw-sec-f4", reconnect: { minMs: 100, maxMs: 500 } },
      store: { dir },
      sms: { deliveryReports: false, sweepIntervalSeconds: 0 },
    },
    { env: {} },
  );
  gateway = new Gateway({ config, simulator: sim });
  client = await TestClient.connect(broker.url, ["smsgw/#"], "sec-f4-observer", false);
  await gateway.start();
  await gateway.bridge.whenConnected();
  await gateway.modem.whenReady();
});

afterAll(async () => {
  await gateway?.stop();
  await client?.close();
  await sim?.close();
  await broker?.dispose();
  if (dir) await rm(dir, { recursive: true, force: true });
});

function request(payload: Record<string, unknown>): Promise<Record<string, unknown>> {
  return client.request("send", payload);
}

describe("mosquitto and a control character in a topic", () => {
  it("drops the connection of a client that publishes to such a topic (why the check exists)", async () => {
    const raw = await connectAsync(broker.url, { clientId: "sec-f4-raw", reconnectPeriod: 0 });
    const closed = new Promise<void>((resolve) => raw.once("close", () => resolve()));
    raw.publish("smsgw/status/a\u0001b", "x", { qos: 1 });
    await closed;
    expect(raw.connected).toBe(false);
    await raw.endAsync(true);
  });
});

describe("a send request with id a\\u0001b through mosquitto", () => {
  it("gets an mqtt.invalid-request error response", async () => {
    const r = await request({ to: "+491701234567", text: "attack", id: "a\u0001b" });
    expect(r).toMatchObject({ status: "error", code: "mqtt.invalid-request" });
  });

  it("leaves the bridge online: the next request is answered and sent", async () => {
    const r = await request({ to: "+491701234567", text: "after", id: "sec-after-1" });
    expect(r).toMatchObject({ status: "ok", data: { id: "sec-after-1" } });
    await client.waitForTopic("smsgw/status/sec-after-1", (j) => j.status === "sent");
    expect(gateway.bridge.connected).toBe(true);
  });

  it("never published offline on bridge/state", () => {
    const states = client.jsonOn("smsgw/bridge/state").map((s) => s.state);
    expect(states).not.toContain("offline");
  });
});

describe("a message id with a control character from another door (the SMS service directly)", () => {
  it("is published on a percent-encoded status topic and the bridge stays connected", async () => {
    await gateway.service.send({ to: "+491701234567", text: "direct", id: "b\u0002c" });
    const m = await client.waitForTopic("smsgw/status/b%02c", (j) => j.status === "sent");
    expect(m.json).toMatchObject({ id: "b\u0002c", status: "sent" });
    expect(gateway.bridge.connected).toBe(true);
    expect(client.jsonOn("smsgw/bridge/state").map((s) => s.state)).not.toContain("offline");
  });
});
