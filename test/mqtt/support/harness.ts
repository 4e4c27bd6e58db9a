import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { ConfigInput } from "../../../src/config/index.js";
import { type Config, parseConfig } from "../../../src/config/index.js";
import { Gateway } from "../../../src/gateway/index.js";
import { SimulatedModem, type SimulatedModemOptions } from "../../../src/simulator/index.js";
import { TestBroker } from "./broker.js";
import { TestClient } from "./client.js";

/**
 * The real gateway (simulator → AT channel → Modem → store → SmsService → MqttBridge) against
 * an in-process aedes broker on a free loopback port, plus an observing client on `#`.
 */
export interface Harness {
  broker: TestBroker;
  url: string;
  port: number;
  sim: SimulatedModem;
  gateway: Gateway;
  client: TestClient;
  config: Config;
  dir: string;
  /** A broker outage: every connection drops; `startBroker` listens again on the same port. */
  stopBroker(): Promise<void>;
  startBroker(): Promise<void>;
  startGateway(): Promise<Gateway>;
  dispose(): Promise<void>;
}

export async function startHarness(
  opts: { config?: ConfigInput; sim?: SimulatedModemOptions; startGateway?: boolean } = {},
): Promise<Harness> {
  const broker = await TestBroker.start();
  const port = broker.port;
  const url = broker.url;
  const dir = await mkdtemp(join(tmpdir(), "smsgw-mqtt-"));
  const input = opts.config ?? {};
  const { config } = await parseConfig({
    ...input,
    mqtt: {
      clientId: `gw-${Math.random().toString(16).slice(2)}`,
      reconnect: { minMs: 50, maxMs: 200 },
      ...input.mqtt,
      url,
    },
    store: { dir },
    sms: { deliveryReports: false, sweepIntervalSeconds: 0, ...input.sms },
  });
  const sim = new SimulatedModem({ profile: "SIM7600", timing: "instant", ...opts.sim });
  const h: Harness = {
    broker,
    url,
    port,
    sim,
    config,
    dir,
    gateway: new Gateway({ config, simulator: sim }),
    // A persistent session: the observer misses nothing during a broker outage.
    client: await TestClient.connect(
      url,
      ["#"],
      `observer-${Math.random().toString(16).slice(2)}`,
      false,
    ),
    async stopBroker() {
      await broker.outage();
    },
    async startBroker() {
      await broker.listen();
    },
    async startGateway() {
      h.gateway = new Gateway({ config, simulator: sim });
      await h.gateway.start();
      await h.gateway.bridge.whenConnected(10_000);
      await h.gateway.modem.whenReady();
      return h.gateway;
    },
    async dispose() {
      await h.gateway.stop();
      await h.client.close();
      await broker.close();
      await sim.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
  if (opts.startGateway !== false) await h.startGateway();
  return h;
}
