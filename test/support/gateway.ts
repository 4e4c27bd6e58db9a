import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { onTestFinished } from "vitest";
import { type Config, type ConfigInput, parseConfig } from "../../src/config/index.js";
import { Gateway, type GatewayOptions } from "../../src/gateway/index.js";
import {
  type ProfileName,
  SimulatedModem,
  type SimulatedModemOptions,
} from "../../src/simulator/index.js";
import { TestBroker } from "../mqtt/support/broker.js";
import { TestClient } from "../mqtt/support/client.js";

export interface GatewayTestOptions {
  /** Config overrides; `mqtt.url` and `store.dir` are always the test's own. */
  config?: ConfigInput;
  /** Simulator profile (default SIM7600). */
  profile?: ProfileName;
  /** More simulator options (timing "instant" unless given here). */
  sim?: SimulatedModemOptions;
  /**
   * The gateway builds its own simulator from `modem.port` (`sim://…` in `config`) rather than
   * being handed one: tests of the configuration path. `sim` is then set once started.
   */
  simulatorFromConfig?: boolean;
  /** Modem lifecycle timings (health interval, backoff, …). */
  modemTiming?: GatewayOptions["modemTiming"];
  /** The automation's clock and clock-check verdict (see GatewayOptions). */
  automationClock?: GatewayOptions["automationClock"];
  automationClockState?: GatewayOptions["automationClockState"];
  /** The root the host's /sys is read under (a fake sysfs tree). */
  hostRoot?: string;
  /** The config file the gateway is told it was read from (the setup wizard edits it, the backup holds it). */
  configFile?: GatewayOptions["configFile"];
  /** The host reboot the web UI may ask for (a fake in tests). */
  reboot?: GatewayOptions["reboot"];
  /** Topics the observing client subscribes to (default `#`). */
  observe?: string[];
  /** Start the gateway and wait until the modem is ready and the bridge online (default true). */
  start?: boolean;
}

/**
 * The real gateway (simulator → AT channel → Modem → store → SmsService → MqttBridge →
 * automation) in a temporary store directory, against an in-process aedes broker on a free
 * loopback port, with an observing MQTT client. Started inside a test, everything is torn
 * down when that test ends; `dispose()` does it earlier (or in afterAll) and may be called
 * more than once.
 */
export interface GatewayTest {
  gateway: Gateway;
  /** The simulated module (for `simulatorFromConfig`: the gateway's, once started). */
  sim: SimulatedModem;
  broker: TestBroker;
  url: string;
  port: number;
  /** Observes `observe` topics with a persistent session: it misses nothing in an outage. */
  client: TestClient;
  config: Config;
  /** The test's temporary directory; the gateway creates its store in `<dir>/store`. */
  dir: string;
  /** A broker outage: every connection drops; `startBroker` listens again on the same port. */
  stopBroker(): Promise<void>;
  startBroker(): Promise<void>;
  /** A new Gateway on the same config, simulator and store (a restart), started. */
  startGateway(): Promise<Gateway>;
  dispose(): Promise<void>;
}

export async function startGatewayTest(opts: GatewayTestOptions = {}): Promise<GatewayTest> {
  const broker = await TestBroker.start();
  const dir = await mkdtemp(join(tmpdir(), "smsgw-gw-"));
  const input = opts.config ?? {};
  const { config } = await parseConfig(
    {
      ...input,
      mqtt: {
        clientId: `gw-${Math.random().toString(16).slice(2)}`,
        reconnect: { minMs: 50, maxMs: 200 },
        ...input.mqtt,
        url: broker.url,
      },
      store: { dir: join(dir, "store") },
      sms: { deliveryReports: false, sweepIntervalSeconds: 0, ...input.sms },
    },
    { env: {} },
  );
  const given = opts.simulatorFromConfig
    ? undefined
    : new SimulatedModem({ profile: opts.profile ?? "SIM7600", timing: "instant", ...opts.sim });
  const build = () =>
    new Gateway({
      config,
      ...(given === undefined ? {} : { simulator: given }),
      ...(opts.modemTiming === undefined ? {} : { modemTiming: opts.modemTiming }),
      ...(opts.automationClock === undefined ? {} : { automationClock: opts.automationClock }),
      ...(opts.automationClockState === undefined
        ? {}
        : { automationClockState: opts.automationClockState }),
      ...(opts.hostRoot === undefined ? {} : { hostRoot: opts.hostRoot }),
      ...(opts.configFile === undefined ? {} : { configFile: opts.configFile }),
      ...(opts.reboot === undefined ? {} : { reboot: opts.reboot }),
    });
  let disposed: Promise<void> | undefined;
  const t: GatewayTest = {
    gateway: build(),
    get sim(): SimulatedModem {
      const sim = given ?? t.gateway.simulator;
      if (sim === undefined) throw new Error("the gateway has not made its simulator yet");
      return sim;
    },
    broker,
    url: broker.url,
    port: broker.port,
    client: await TestClient.connect(
      broker.url,
      opts.observe ?? ["#"],
      `observer-${Math.random().toString(16).slice(2)}`,
      false,
    ),
    config,
    dir,
    stopBroker: () => broker.outage(),
    startBroker: () => broker.listen(),
    async startGateway() {
      t.gateway = build();
      await t.gateway.start();
      await t.gateway.bridge.whenConnected(10_000);
      await t.gateway.modem.whenReady();
      // Automation starts in the background; a test's first SMS must find it listening.
      await t.gateway.whenAutomationStarted();
      return t.gateway;
    },
    dispose() {
      disposed ??= (async () => {
        const sim = given ?? t.gateway.simulator;
        await t.gateway.stop();
        await t.client.close();
        await broker.close();
        await sim?.close();
        await rm(dir, { recursive: true, force: true });
      })();
      return disposed;
    },
  };
  try {
    onTestFinished(() => t.dispose());
  } catch {
    // Started in beforeAll (shared by a file's tests): the file disposes it in afterAll.
  }
  if (opts.start !== false) await t.startGateway();
  return t;
}
