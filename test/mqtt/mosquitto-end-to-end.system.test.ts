import { execFile } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { connectAsync } from "mqtt";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseConfig } from "../../src/config/index.js";
import { Gateway } from "../../src/gateway/index.js";
import { SimulatedModem } from "../../src/simulator/index.js";
import { TestClient } from "./support/client.js";
import { Mosquitto } from "./support/mosquitto.js";

/**
 * The gateway (in-process, on the simulator) against a real mosquitto on
 * a free loopback port.
 */

const CLI = fileURLToPath(new URL("../../dist/cli/main.js", import.meta.url));
let broker: Mosquitto;
let sim: SimulatedModem;
let gateway: Gateway;
let client: TestClient;
let dir: string;

beforeAll(async () => {
  broker = await Mosquitto.start();
  dir = await mkdtemp(join(tmpdir(), "smsgw-sys-"));
  sim = new SimulatedModem({ profile: "SIM7600", timing: "instant" });
  const { config } = await parseConfig(
    {
      mqtt: {
        url: broker.url,
        clientId: "smsgw-system-test",
        reconnect: { minMs: 100, maxMs: 500 },
      },
      store: { dir },
      // A British recipient below: outside the default policy (the SIM's country).
      sms: {
        deliveryReports: false,
        maxParts: 3,
        sweepIntervalSeconds: 0,
        policy: { allowedCountries: ["SIM", "GB"] },
      },
    },
    { env: {} },
  );
  gateway = new Gateway({ config, simulator: sim });
  client = await TestClient.connect(broker.url, ["smsgw/#"], "system-observer", false);
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

function pduTo(to: string, text: string): Promise<{ to: string; text: string; pdu: string }> {
  return new Promise((resolve) => {
    const hit = sim.sent.find((s) => s.to === to && s.text === text);
    if (hit) return resolve(hit);
    const check = (s: { to: string; text: string; pdu: string }) => {
      if (s.to === to && s.text === text) {
        sim.off("sent", check);
        resolve(s);
      }
    };
    sim.on("sent", check);
  });
}

describe("sending through mosquitto", () => {
  it("bridge/request/send: the response, the PDU at the modem and every status event", async () => {
    const sent = pduTo("+491701234567", "system request");
    await client.publish(
      "smsgw/bridge/request/send",
      JSON.stringify({
        to: "+491701234567",
        text: "system request",
        id: "sys-1",
        transaction: "s1",
      }),
    );
    const response = await client.waitForTopic(
      "smsgw/bridge/response/send",
      (j) => j.transaction === "s1",
    );
    const s = await sent;
    await client.waitForTopic("smsgw/status/sys-1", (j) => j.status === "sent");
    expect(response.json).toMatchObject({
      status: "ok",
      data: { id: "sys-1", parts: 1, encoding: "gsm7" },
    });
    expect(s.pdu).toMatch(/^00/);
    expect(client.jsonOn("smsgw/status/sys-1").map((j) => j.status)).toEqual([
      "queued",
      "sending",
      "sent",
    ]);
  });

  it("<base>/send with JSON", async () => {
    const sent = pduTo("+441234567890", "system send");
    await client.publish(
      "smsgw/send",
      JSON.stringify({ to: "+441234567890", text: "system send" }),
    );
    expect((await sent).to).toBe("+441234567890");
  });

  it("<base>/send/<00number> with plain text in UCS-2", async () => {
    const sent = pduTo("+491709876543", "Ώρα 🔔");
    await client.publish("smsgw/send/00491709876543", "Ώρα 🔔");
    expect((await sent).text).toBe("Ώρα 🔔");
  });

  it("`smsgw send --wait` prints the response and the final status", async () => {
    const { stdout } = await promisify(execFile)(process.execPath, [
      CLI,
      "send",
      "--url",
      broker.url,
      "--to",
      "+491705550000",
      "--text",
      "from the CLI",
      "--wait",
    ]);
    const lines = stdout
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines[0]).toMatchObject({ status: "ok" });
    expect(lines.at(-1)).toMatchObject({ to: "+491705550000", status: "sent" });
  });
});

describe("receiving through mosquitto", () => {
  it("a multipart message with emoji arrives as one JSON message", async () => {
    const text = `Grüße 👋 ${"long message ".repeat(8)}✅`;
    sim.deliverSms({ from: "+447700900123", text, order: "reverse" });
    const m = await client.waitForTopic("smsgw/received", (j) => j.from === "+447700900123");
    expect(m.json).toMatchObject({ text, parts: 2, complete: true, encoding: "ucs2" });
  });

  it("SMS arriving while the broker is down are all published after it restarts, in order", async () => {
    await broker.stop();
    for (let i = 1; i <= 8; i++) sim.deliverSms({ from: "+447700900999", text: `outage ${i}` });
    await expect.poll(() => gateway.service.pendingInbound().length, { timeout: 20_000 }).toBe(8);
    await broker.restart();
    const got = await client.waitForCount(
      (m) => m.topic === "smsgw/received" && m.text.includes("outage "),
      8,
      30_000,
    );
    expect(got.map((m) => (m.json as { text: string }).text)).toEqual(
      [1, 2, 3, 4, 5, 6, 7, 8].map((i) => `outage ${i}`),
    );
    await expect.poll(() => gateway.service.pendingInbound().length).toBe(0);
  });
});

describe("malformed input through mosquitto", () => {
  const cases: Array<[string, string, string | Buffer, string]> = [
    ["not JSON", "smsgw/send", "{nope", "mqtt.invalid-json"],
    [
      "1 MB",
      "smsgw/bridge/request/send",
      Buffer.alloc(1024 * 1024, 0x41),
      "mqtt.payload-too-large",
    ],
    ["wrong types", "smsgw/send", JSON.stringify({ to: true, text: 1 }), "mqtt.invalid-request"],
    ["an invalid number", "smsgw/send/12ab", "hi", "sms.invalid-number"],
    [
      "empty text",
      "smsgw/send",
      JSON.stringify({ to: "+491701234567", text: "" }),
      "sms.empty-text",
    ],
    [
      "too many parts",
      "smsgw/send",
      JSON.stringify({ to: "+491701234567", text: "y".repeat(600) }),
      "sms.too-many-parts",
    ],
  ];
  for (const [what, topic, payload, code] of cases)
    it(`${what} gets the error ${code}`, async () => {
      const before = client.on("smsgw/bridge/response/send").length;
      await client.publish(topic, payload);
      const all = await client.waitForCount(
        (m) => m.topic === "smsgw/bridge/response/send",
        before + 1,
      );
      expect(all[before]?.json).toMatchObject({ status: "error", code });
    });

  it("a publish to a wildcard topic is refused by the broker and the gateway keeps running", async () => {
    const rogue = await connectAsync(broker.url, { reconnectPeriod: 0, clientId: "rogue" });
    const closed = new Promise<void>((resolve) => rogue.once("close", () => resolve()));
    rogue.publish("smsgw/send/+", "wildcard", { qos: 1 });
    await closed;
    rogue.end(true);
    const health = client.waitForTopic(
      "smsgw/bridge/response/health",
      (j) => j.transaction === "alive",
    );
    await client.publish("smsgw/bridge/request/health", JSON.stringify({ transaction: "alive" }));
    expect((await health).json).toMatchObject({ status: "ok", data: { healthy: true } });
  });
});

describe("Home Assistant discovery through mosquitto", () => {
  it("clears a stale smsgw discovery config under the gateway's node id, at mosquitto too", async () => {
    const stale = "homeassistant/notify/smsgw_smsgw/sms_gone/config";
    const isConfig = (m: { topic: string }) => m.topic.endsWith("/config");
    const watcher = await TestClient.connect(broker.url, ["homeassistant/#"]);
    try {
      await watcher.publish(
        stale,
        JSON.stringify({ name: "SMS Gone", unique_id: "x", origin: { name: "smsgw" } }),
        { retain: true },
      );
      await watcher.waitFor((m) => m.topic === stale && m.text === "");
    } finally {
      await watcher.close();
    }
    const fresh = await TestClient.connect(broker.url, ["homeassistant/#"]);
    try {
      // No contacts: the connection state and nine sensors and events.
      await fresh.waitForCount(isConfig, 10);
      expect(fresh.messages.filter(isConfig).map((m) => m.topic)).not.toContain(stale);
    } finally {
      await fresh.close();
    }
  });
});
