import { setTimeout as realSleep } from "node:timers/promises";
import { afterEach, describe, expect, it, vi } from "vitest";
import { type GatewayTest, startGatewayTest } from "../support/gateway.js";
import { TestClient } from "./support/client.js";
import { availabilityEntries, haAvailable, render } from "./support/ha-availability.js";

/**
 * The real gateway (simulator, aedes broker) on fake time, seen as Home Assistant sees it: the
 * signal sensor's discovery config read retained from the broker, then the availability topics
 * it names, evaluated as Home Assistant does. The modem's readings must go unavailable while the
 * modem does not answer or searches for a network, not stay at their last values.
 */

const SIGNAL_CONFIG = "homeassistant/sensor/smsgw_smsgw/signal/config";

/** Lifecycle timings short enough that a hang, a search and a recovery take seconds. */
const modemTiming = {
  healthIntervalMs: 1000,
  probeMs: 500,
  recoverBaseMs: 100,
  recoverMaxMs: 1000,
  regPollMs: 200,
  regPollLimit: 3,
  regPollSlowMs: 1000,
  signalIntervalMs: 1000,
};

let h: GatewayTest | undefined;
let ha: HomeAssistant | undefined;
afterEach(async () => {
  await ha?.client.close();
  vi.useRealTimers();
  await h?.dispose();
  h = ha = undefined;
});

/**
 * Advances the modem's fake clock in small steps until `pred` holds, with a real millisecond
 * after each: the store's files and the sockets to the broker (real I/O) keep up with it.
 */
async function until(pred: () => boolean, maxMs: number, what: string): Promise<void> {
  for (let t = 0; t <= maxMs; t += 10) {
    if (pred()) return;
    await vi.advanceTimersByTimeAsync(10);
    await realSleep(1);
  }
  throw new Error(`${what} not reached in ${maxMs} ms`);
}

/**
 * Waits, without moving the fake clock, for what Home Assistant sees: the gateway published it
 * already, only the broker's sockets are between (real I/O, so a real time limit).
 */
async function seen(pred: () => boolean, what: string): Promise<void> {
  for (let t = 0; t <= 10_000; t += 5) {
    if (pred()) return;
    await realSleep(5);
  }
  throw new Error(`Home Assistant never saw it: ${what}`);
}

async function gateway(): Promise<GatewayTest> {
  // Only the timers: the broker's and clients' I/O (setImmediate, nextTick) runs for real.
  vi.useFakeTimers({
    toFake: ["setTimeout", "clearTimeout", "setInterval", "clearInterval", "Date"],
  });
  h = await startGatewayTest({ start: false, modemTiming });
  const t = h;
  let done = false;
  let failed: unknown;
  t.startGateway().then(
    () => {
      done = true;
    },
    (err: unknown) => {
      failed = err;
      done = true;
    },
  );
  await until(() => done, 120_000, "gateway started");
  if (failed !== undefined) throw failed;
  return t;
}

interface HomeAssistant {
  client: TestClient;
  config: Record<string, unknown>;
  /** The signal sensor's availability after everything received so far. */
  available(): boolean;
  /** The availability topic the gateway's own state is on, alone. */
  bridgeOnline(): boolean;
  /** The signal sensor's state: its value_template applied to the last `<base>/modem`. */
  signal(): string | undefined;
  /** The modem state in the last `<base>/modem` that arrived. */
  modemState(): unknown;
}

/** Subscribes like Home Assistant: the discovery config first, then what it names. */
async function homeAssistant(t: GatewayTest): Promise<HomeAssistant> {
  const client = await TestClient.connect(t.url, [SIGNAL_CONFIG]);
  ha = { client } as HomeAssistant;
  await seen(() => client.on(SIGNAL_CONFIG).length > 0, "the retained config");
  const config = client.on(SIGNAL_CONFIG)[0]?.json as Record<string, unknown>;
  const entries = availabilityEntries(config);
  const stateTopic = config.state_topic as string;
  const topics = new Set([...entries.map((e) => e.topic), stateTopic]);
  await client.client.subscribeAsync([...topics], { qos: 1 });
  const bridge = entries.find((e) => e.topic === "smsgw/bridge/state");
  if (bridge === undefined) throw new Error("no bridge availability topic");
  return {
    client,
    config,
    available: () => haAvailable(config, client.messages),
    bridgeOnline: () =>
      haAvailable({ availability: [bridge], availability_mode: "all" }, client.messages),
    signal: () => {
      const last = client.on(stateTopic).at(-1);
      return last === undefined ? undefined : render(config.value_template as string, last.text);
    },
    modemState: () =>
      (client.on(stateTopic).at(-1)?.json as { state?: unknown } | undefined)?.state,
  };
}

describe("the modem's signal sensor in Home Assistant, with the modem ready", () => {
  it("names the gateway's state and the modem's availability, all of them needed", async () => {
    const hh = await homeAssistant(await gateway());
    expect([
      availabilityEntries(hh.config).map((e) => e.topic),
      hh.config.availability_mode,
    ]).toEqual([["smsgw/bridge/state", "smsgw/modem"], "all"]);
  });

  it("is available", async () => {
    const hh = await homeAssistant(await gateway());
    await seen(() => hh.available(), "available");
    expect(hh.available()).toBe(true);
  });
});

describe("the modem's signal sensor in Home Assistant, when the modem stops answering", () => {
  async function hung(): Promise<{ t: GatewayTest; hh: HomeAssistant }> {
    const t = await gateway();
    const hh = await homeAssistant(t);
    await seen(() => hh.available(), "available");
    t.sim.hang(true);
    await until(() => t.gateway.modem.state === "recovering", 30_000, "recovering");
    return { t, hh };
  }

  it("becomes unavailable", async () => {
    const { hh } = await hung();
    await seen(() => !hh.available(), "unavailable");
    expect(hh.available()).toBe(false);
  });

  it("leaves the gateway itself online", async () => {
    const { hh } = await hung();
    await seen(() => !hh.available(), "unavailable");
    expect(hh.bridgeOnline()).toBe(true);
  });

  it("is available again once the modem answers and is ready", async () => {
    const { t, hh } = await hung();
    await seen(() => !hh.available(), "unavailable");
    t.sim.hang(false);
    await until(() => t.gateway.modem.state === "ready", 120_000, "ready");
    await seen(() => hh.available(), "available again");
    expect(hh.available()).toBe(true);
  });
});

describe("the modem's signal sensor in Home Assistant, when the network is lost", () => {
  async function searching(): Promise<{ t: GatewayTest; hh: HomeAssistant }> {
    const t = await gateway();
    const hh = await homeAssistant(t);
    await seen(() => hh.available(), "available");
    t.sim.dropRegistration();
    await until(() => t.gateway.modem.state === "registering", 30_000, "registering");
    return { t, hh };
  }

  it("becomes unavailable while the modem searches", async () => {
    const { hh } = await searching();
    await seen(() => !hh.available(), "unavailable");
    expect([hh.available(), hh.bridgeOnline()]).toEqual([false, true]);
  });

  it("is available again once the modem is registered", async () => {
    const { t, hh } = await searching();
    await seen(() => !hh.available(), "unavailable");
    t.sim.restoreRegistration();
    await until(() => t.gateway.modem.state === "ready", 30_000, "ready");
    await seen(() => hh.available(), "available again");
    expect(hh.available()).toBe(true);
  });
});

describe("the modem's signal sensor in Home Assistant, with no network for long", () => {
  async function degraded(): Promise<{ t: GatewayTest; hh: HomeAssistant }> {
    const t = await gateway();
    const hh = await homeAssistant(t);
    t.sim.dropRegistration();
    await until(() => t.gateway.modem.state === "degraded", 30_000, "degraded");
    await seen(() => hh.modemState() === "degraded", "the modem degraded");
    return { t, hh };
  }

  it("is available: the modem answers and its signal is current", async () => {
    const { t, hh } = await degraded();
    expect([t.gateway.modem.state, hh.available()]).toEqual(["degraded", true]);
  });

  it("shows the new signal the modem reads while degraded", async () => {
    const { t, hh } = await degraded();
    t.sim.setSignal(7);
    const rssi = () => t.gateway.modem.info.signal?.rssi;
    // Within one signal interval (a little more for the AT round trip on the real event loop).
    await until(() => rssi() === 7, 2 * modemTiming.signalIntervalMs, "the new signal read");
    // rssi 7 = -113 + 2·7 dBm (27.007 AT+CSQ).
    await seen(() => hh.signal() === "-99", "the new signal");
    expect([hh.signal(), hh.available()]).toEqual(["-99", true]);
  });
});
