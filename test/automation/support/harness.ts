import { join } from "node:path";
import { afterEach, vi } from "vitest";
import type { Clock } from "../../../src/automation/clock.js";
import type { AutomationConfigInput } from "../../../src/automation/config-schema.js";
import { type Automation, createAutomation } from "../../../src/automation/index.js";
import type { HousekeepingTasks, MqttPort } from "../../../src/automation/ports.js";
import type { ConfigInput } from "../../../src/config/index.js";
import type { Modem } from "../../../src/modem/modem.js";
import type { DeliverSmsOptions } from "../../../src/simulator/delivery-plan.js";
import { SimulatedModem } from "../../../src/simulator/index.js";
import type { SmsService } from "../../../src/sms/service.js";
import type { InboundMessage } from "../../../src/sms/types.js";
import type { TestClient } from "../../mqtt/support/client.js";
import { startGateway, until } from "../../sms/helpers/gateway.js";
import { type GatewayTest, startGatewayTest } from "../../support/gateway.js";
import { MemoryMqtt } from "./memory-mqtt.js";

/**
 * The automation as it ships: inside the real Gateway (`startGatewayTest`: simulator, store
 * directory, aedes broker on a free loopback port), built by the gateway from the
 * `automation` section of its config, on its own mqtt.js client. Tests publish and observe
 * through the gateway test's observing client.
 *
 * Tests that only move the date (rate windows, caps) fake Date alone (`useFakeDate`) and run
 * here too. Tests whose automation timers must fire on fake time (alert waits, repeats and
 * quiet hours, cron schedules) cannot: the gateway's start waits on timers too (the modem's
 * set-up, the broker connection), which nothing advances there, so it never comes up; and
 * mqtt.js and aedes keepalives would fire on every jump of hours while the PINGRESP needs
 * socket I/O that advancing fake time does not wait for. Those (`fakeTime: true`) keep the
 * older assembly: the automation made here with `createAutomation` on the real SMS service and
 * modem, with the in-memory MqttPort. The files on that path:
 * test/automation/{schedules, alert-debounce-across-restart, sensor-alerts-over-time}.test.ts.
 */
export interface AutomationHarness {
  gw: HarnessGateway;
  automation: Automation;
  /** The real gateway's test (without `fakeTime`). */
  gateway?: GatewayTest;
  /** The automation's MQTT port (with `fakeTime`: the in-memory one). */
  mqtt?: MqttPort;
  /** Without `fakeTime`: the client observing `#` on the gateway's broker. */
  observer?: TestClient;
  /** With `fakeTime`. */
  memory?: MemoryMqtt;
  /** Payloads published on `topic` (the observer's, or the in-memory port's), in order. */
  published(topic: string): string[];
  /** Every message published, in order. */
  publishedAll(): Array<{ topic: string; payload: string }>;
  /**
   * Without `fakeTime`: resolves once the automation's own client has received a message on
   * `topic` (its port listener runs first, so the automation has seen it too).
   */
  automationReceived(topic: string): Promise<void>;
  /**
   * A gateway restart on the same store directory: without `fakeTime` the whole gateway stops
   * and a new one starts; with it, a new automation replaces the old one.
   */
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

/** What tests read of the gateway's parts, the same on both paths. */
export interface HarnessGateway {
  sim: SimulatedModem;
  readonly service: SmsService;
  readonly modem: Modem;
  /** The store directory (the automation keeps its state there too). */
  dir: string;
  /** Every inbound SMS the service handed on, across restarts. */
  inbound: InboundMessage[];
}

export const GATEWAY_NUMBER = "+491700000000";

export interface AutomationHarnessOptions {
  config: AutomationConfigInput;
  /** On fake time: the in-memory assembly (see AutomationHarness). */
  fakeTime?: boolean;
  /** Housekeeping tasks a schedule may run (with `fakeTime`; the gateway passes its own). */
  housekeeping?: HousekeepingTasks;
  clock?: Clock;
  clockState?: () => "synchronised" | "unsynchronised" | "unknown";
  /** The gateway's `sms` config section (e.g. a destination policy allowing foreign numbers). */
  sms?: NonNullable<ConfigInput["sms"]>;
  /** The SIM's IMSI (default: a German one, so the home country is Germany's). */
  imsi?: string;
}

// An LTE module on an operator that names itself "Telekom": what STATUS and reports show.
const SIM_OPTIONS = { operator: { name: "Telekom", mccMnc: "26201" } };

export function startAutomationHarness(opts: AutomationHarnessOptions): Promise<AutomationHarness> {
  return opts.fakeTime === true ? startOnMemoryMqtt(opts) : startOnGateway(opts);
}

async function startOnGateway(opts: AutomationHarnessOptions): Promise<AutomationHarness> {
  if (opts.housekeeping !== undefined)
    throw new Error("the gateway passes its own housekeeping tasks; use fakeTime for others");
  const t = await startGatewayTest({
    sim: { ...SIM_OPTIONS, ...(opts.imsi === undefined ? {} : { imsi: opts.imsi }) },
    config: {
      automation: opts.config,
      // As the automation tests always ran: no sending limits (the shipped default of 10 a
      // minute would hold up a test sending 20), the policy as each test sets it.
      sms: { rateLimits: { perMinute: 0, perHour: 0, perDay: 0 }, ...opts.sms },
    },
    ...(opts.clock === undefined ? {} : { automationClock: opts.clock }),
    ...(opts.clockState === undefined ? {} : { automationClockState: opts.clockState }),
  });
  const inbound: InboundMessage[] = [];
  const attach = () => {
    t.gateway.service.on("inbound", (m) => inbound.push(m));
    const a = t.gateway.automation;
    if (a === undefined) throw new Error("the gateway built no automation from this config");
    return a;
  };
  let barriers = 0;
  // Brings the observer up to date with what the automation published. Its client writes each
  // message (QoS 1; the command audit event without waiting for the acknowledgement) before
  // idle() resolves, and aedes forwards what it reads in the order it reads it. An observer
  // message sent through the broker after that and received back comes after the
  // automation's: the first round trip has aedes read the automation's bytes, the second
  // delivers what it forwarded from them.
  const flush = async () => {
    for (let i = 0; i < 2; i++) {
      const topic = `test/barrier/${++barriers}`;
      const seen = t.client.waitForTopic(topic);
      await t.client.publish(topic, "");
      await seen;
    }
  };
  const gw: HarnessGateway = {
    get sim() {
      return t.sim;
    },
    get service() {
      return t.gateway.service;
    },
    get modem() {
      return t.gateway.modem;
    },
    dir: join(t.dir, "store"),
    inbound,
  };
  const h: AutomationHarness = {
    gw,
    automation: attach(),
    gateway: t,
    observer: t.client,
    published: (topic) => t.client.on(topic).map((m) => m.text),
    publishedAll: () => t.client.messages.map((m) => ({ topic: m.topic, payload: m.text })),
    automationReceived: (topic) =>
      t.broker.acknowledged(`${t.config.mqtt.clientId}-automation`, topic),
    async restart(whileDown) {
      await t.gateway.stop();
      whileDown?.();
      await t.startGateway();
      h.automation = attach();
      return h.automation;
    },
    sent: () => t.sim.sent.map((s) => `${s.to}: ${s.text}`),
    receive: (from, text) => h.deliver({ from, text }),
    async deliver(sms) {
      const before = inbound.length;
      t.sim.deliverSms(sms);
      await until(() => inbound.length > before);
      await h.automation.idle();
      await flush();
    },
    async untilSent(n) {
      await until(() => t.sim.sent.length >= n);
      await h.automation.idle();
      await flush();
    },
    dispose: () => t.dispose(),
  };
  settleExtra.set(h, flush);
  return h;
}

async function startOnMemoryMqtt(opts: AutomationHarnessOptions): Promise<AutomationHarness> {
  if (opts.sms !== undefined) throw new Error("sms options need the real gateway (no fakeTime)");
  const gw = await startGateway({
    sim: new SimulatedModem({ profile: "SIM7600", timing: "instant", ...SIM_OPTIONS }),
  });
  const memory = new MemoryMqtt();
  const make = () =>
    createAutomation({
      config: opts.config,
      sms: gw.service,
      mqtt: memory,
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
    mqtt: memory,
    memory,
    published: (topic) => memory.on(topic),
    publishedAll: () => memory.published.map(({ topic, payload }) => ({ topic, payload })),
    automationReceived: () => Promise.reject(new Error("no broker on fake time")),
    async restart(whileDown) {
      await h.automation.stop();
      whileDown?.();
      h.automation = make();
      await h.automation.start();
      return h.automation;
    },
    sent: () => gw.sim.sent.map((s) => `${s.to}: ${s.text}`),
    receive: (from, text) => h.deliver({ from, text }),
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
      await gw.dispose();
    },
  };
  await h.automation.start();
  return h;
}

/**
 * Fakes only the date (`vi.setSystemTime` moves it; timers stay real): a test that jumps the
 * calendar but never advances timers can run on the real gateway, whose broker clients and
 * modem need real timers.
 */
export function useFakeDate(): void {
  vi.useFakeTimers({ toFake: ["Date"] });
}

/** The in-memory MqttPort of a harness on fake time (a test that builds a second automation). */
export function memoryOf(h: AutomationHarness): MemoryMqtt {
  if (h.memory === undefined) throw new Error("only a harness on fake time has the in-memory port");
  return h.memory;
}

/** Per harness on the real gateway: brings the observer up to date with the automation. */
const settleExtra = new WeakMap<AutomationHarness, () => Promise<void>>();

/** Everything queued has gone out (or nothing was queued): the outbox is empty. */
export async function settled(h: AutomationHarness): Promise<void> {
  await h.automation.idle();
  await until(() => h.gw.service.list().length === 0);
  await settleExtra.get(h)?.();
}

/**
 * For a file whose tests each start one harness: `start` it in the test, and it is disposed
 * (with real timers back, for tests on fake time) after each test. `{ fakeTime: true }` for a
 * file on fake time.
 */
export function harnessPerTest(defaults: { fakeTime?: boolean } = {}): {
  start(opts: AutomationHarnessOptions): Promise<AutomationHarness>;
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
      h = await startAutomationHarness({ ...defaults, ...opts });
      return h;
    },
    get current() {
      return h;
    },
  };
}
