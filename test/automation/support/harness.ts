import { connectAsync, type MqttClient } from "mqtt";
import { afterEach, vi } from "vitest";
import type { Clock } from "../../../src/automation/clock.js";
import type { AutomationConfigInput } from "../../../src/automation/config-schema.js";
import { type Automation, createAutomation } from "../../../src/automation/index.js";
import { MqttClientPort } from "../../../src/automation/mqtt-port.js";
import type { HousekeepingTasks, MqttPort } from "../../../src/automation/ports.js";
import { type EmbeddedBroker, startEmbeddedBroker } from "../../../src/mqtt/embedded-broker.js";
import type { DeliverSmsOptions } from "../../../src/simulator/delivery-plan.js";
import { SimulatedModem } from "../../../src/simulator/index.js";
import type { SmsOptionsInput } from "../../../src/sms/options.js";
import { TestClient } from "../../mqtt/support/client.js";
import { type Gateway, startGateway, until } from "../../sms/helpers/gateway.js";
import { MemoryMqtt } from "./memory-mqtt.js";

/**
 * The automation on the real SMS service and modem (in-process simulator, real store
 * directory) with either a real broker (aedes on a free loopback port, real mqtt.js clients)
 * or, for tests on fake time, the in-memory MqttPort.
 */
export interface AutomationHarness {
  gw: Gateway;
  automation: Automation;
  mqtt: MqttPort;
  /** Set with `broker: true`. */
  broker?: EmbeddedBroker;
  observer?: TestClient;
  /** Set without a broker. */
  memory?: MemoryMqtt;
  /**
   * With a broker: resolves once the automation's own client has received a message on
   * `topic` (its port listener runs first, so the automation has seen it too).
   */
  automationReceived(topic: string): Promise<void>;
  /** A new automation on the same store directory (the old one stopped): a gateway restart. */
  restart(whileDown?: () => void): Promise<Automation>;
  /** SMS the network received, as `to: text`. */
  sent(): string[];
  /** Delivers an inbound SMS and waits until the automation has handled it. */
  receive(from: string, text: string): Promise<void>;
  /** The same with every option of the network's SMS-DELIVER (sender type, SC timestamp, …). */
  deliver(sms: DeliverSmsOptions): Promise<void>;
  /** Waits until `n` SMS went out (and nothing else is being handled). */
  untilSent(n: number): Promise<void>;
  dispose(): Promise<void>;
}

export const GATEWAY_NUMBER = "+491700000000";

export async function startAutomationHarness(opts: {
  config: AutomationConfigInput;
  broker?: boolean;
  housekeeping?: HousekeepingTasks;
  clock?: Clock;
  clockState?: () => "synchronised" | "unsynchronised" | "unknown";
  /** SMS service options (e.g. a destination policy allowing the test's foreign numbers). */
  sms?: SmsOptionsInput;
}): Promise<AutomationHarness> {
  const gw = await startGateway({
    // An LTE module on an operator that names itself "Telekom": what STATUS and reports show.
    sim: new SimulatedModem({
      profile: "SIM7600",
      timing: "instant",
      operator: { name: "Telekom", mccMnc: "26201" },
    }),
    ...(opts.sms === undefined ? {} : { options: opts.sms }),
  });
  let broker: EmbeddedBroker | undefined;
  let client: MqttClient | undefined;
  let observer: TestClient | undefined;
  let memory: MemoryMqtt | undefined;
  let mqtt: MqttPort;
  if (opts.broker === true) {
    broker = await startEmbeddedBroker({ port: 0 });
    client = await connectAsync(broker.url, {
      clientId: `automation-${Math.random().toString(16).slice(2)}`,
    });
    observer = await TestClient.connect(broker.url);
    mqtt = new MqttClientPort(client);
  } else {
    memory = new MemoryMqtt();
    mqtt = memory;
  }
  const make = () =>
    createAutomation({
      config: opts.config,
      sms: gw.service,
      mqtt,
      storeDir: gw.dir,
      baseTopic: "smsgw",
      // As the gateway passes it: what the modem learned, and its state.
      modemInfo: () => ({ ...gw.modem.info, state: gw.modem.state }),
      ...(opts.housekeeping === undefined ? {} : { housekeeping: opts.housekeeping }),
      ...(opts.clock === undefined ? {} : { clock: opts.clock }),
      ...(opts.clockState === undefined ? {} : { clockState: opts.clockState }),
    });
  const h: AutomationHarness = {
    gw,
    automation: make(),
    mqtt,
    ...(broker === undefined ? {} : { broker }),
    ...(observer === undefined ? {} : { observer }),
    ...(memory === undefined ? {} : { memory }),
    async restart(whileDown) {
      await h.automation.stop();
      whileDown?.();
      h.automation = make();
      await h.automation.start();
      return h.automation;
    },
    automationReceived(topic) {
      const c = client;
      if (c === undefined) return Promise.reject(new Error("no broker in this harness"));
      return new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`nothing on ${topic}`)), 10_000);
        const on = (t: string) => {
          if (t !== topic) return;
          clearTimeout(timer);
          c.off("message", on);
          resolve();
        };
        c.on("message", on);
      });
    },
    sent: () => gw.sim.sent.map((s) => `${s.to}: ${s.text}`),
    receive(from, text) {
      return h.deliver({ from, text });
    },
    async deliver(sms) {
      const before = gw.inbound.length;
      gw.sim.deliverSms(sms);
      await until(() => gw.inbound.length > before);
      await h.automation.idle();
    },
    async untilSent(n) {
      await until(() => gw.sim.sent.length >= n);
      await h.automation.idle();
    },
    async dispose() {
      await h.automation.stop();
      await observer?.close();
      await client?.endAsync(true);
      await broker?.close();
      await gw.dispose();
    },
  };
  await h.automation.start();
  return h;
}

/** Everything queued has gone out (or nothing was queued): the outbox is empty. */
export async function settled(h: AutomationHarness): Promise<void> {
  await h.automation.idle();
  await until(() => h.gw.service.list().length === 0);
}

/**
 * For a file whose tests each start one harness: `start` it in the test, and it is disposed
 * (with real timers back, for tests on fake time) after each test.
 */
export function harnessPerTest(): {
  start(opts: Parameters<typeof startAutomationHarness>[0]): Promise<AutomationHarness>;
  readonly current: AutomationHarness | undefined;
} {
  let h: AutomationHarness | undefined;
  afterEach(async () => {
    await h?.dispose();
    h = undefined;
    vi.useRealTimers();
  });
  return {
    async start(opts) {
      h = await startAutomationHarness(opts);
      return h;
    },
    get current() {
      return h;
    },
  };
}
