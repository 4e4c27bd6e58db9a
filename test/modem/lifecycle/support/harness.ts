import { vi } from "vitest";
import { AtChannel } from "../../../../src/modem/at/channel.js";
import { Modem, type ModemOptions, type StateChange } from "../../../../src/modem/modem.js";
import { PinPowerControl } from "../../../../src/modem/power/pin-power.js";
import type { PowerControl } from "../../../../src/modem/power/types.js";
import { SimulatedModem, type SimulatedModemOptions } from "../../../../src/simulator/index.js";
import { FakePin } from "../../../support/fake-pin.js";
import { type Ports, ports as portsTo } from "./ports.js";

export interface Harness {
  sim: SimulatedModem;
  channel: AtChannel;
  modem: Modem;
  /** Every state change, in order. */
  changes: StateChange[];
  /** PWRKEY as a fake GPIO wired to the simulator's virtual key (when `power` was asked for). */
  pwrkey: FakePin | undefined;
  alerts: unknown[];
  /** The channel's ports to the simulator: wedge or unplug the current one. */
  ports: Ports;
  /** Times the ladder's "reopen the transport" step ran. */
  reopens: number;
  /** Advance fake time in steps until `pred` holds; throws (with the state history) if it never does. */
  until(pred: () => boolean, maxMs?: number, what?: string): Promise<void>;
  untilState(state: Modem["state"], maxMs?: number): Promise<void>;
  advance(ms: number): Promise<void>;
  close(): Promise<void>;
}

export interface HarnessOptions {
  sim?: SimulatedModemOptions;
  modem?: Partial<Omit<ModemOptions, "channel">>;
  /** Wire a FakePin as PWRKEY (active high, like the Waveshare SIM7600 HAT's inverter). */
  power?: boolean | { status?: boolean };
  /**
   * The ladder's "reopen the transport" step: "count" (default) only counts it; "channel" runs
   * the real AtChannel.reopen() (a fresh port to the simulator), counted too.
   */
  reopen?: "count" | "channel";
}

/** Simulator + real AtChannel + Modem on fake timers; PWRKEY through a FakePin if asked. */
export async function harness(opts: HarnessOptions = {}): Promise<Harness> {
  vi.useFakeTimers();
  const sim = new SimulatedModem({ timing: "instant", ...opts.sim });
  const ports = portsTo(sim);
  const channel = new AtChannel({ open: ports.open, reconnect: { minMs: 100, maxMs: 2000 } });
  let pwrkey: FakePin | undefined;
  let power: PowerControl | undefined;
  if (opts.power) {
    pwrkey = new FakePin();
    // Active high at the GPIO = pulled low at the module (the HAT's transistor inverts).
    pwrkey.on("write", (v: 0 | 1) => sim.setPwrkey(v !== 1));
    const status =
      typeof opts.power === "object" && opts.power.status
        ? new FakePin({ source: () => (sim.poweredOn ? 1 : 0) })
        : undefined;
    const control = new PinPowerControl({ pwrkey, activeLevel: 1, ...(status ? { status } : {}) });
    power = status ? control : { pulse: (ms) => control.pulse(ms) };
  }
  const counts = { reopens: 0 };
  let reopen: ModemOptions["reopen"];
  if (opts.reopen === "channel") {
    // No `reopen` option: Modem falls back to channel.reopen(), which we only count.
    const real = channel.reopen.bind(channel);
    channel.reopen = async () => {
      counts.reopens++;
      await real();
    };
  } else {
    reopen = async () => {
      counts.reopens++;
    };
  }
  const modem = new Modem({
    channel,
    ...(power ? { power } : {}),
    ...(reopen ? { reopen } : {}),
    ...opts.modem,
  });
  const changes: StateChange[] = [];
  const alerts: unknown[] = [];
  modem.on("state", (e: StateChange) => changes.push(e));
  modem.on("alert", (a: unknown) => alerts.push(a));
  const advance = async (ms: number) => {
    await vi.advanceTimersByTimeAsync(ms);
  };
  const until = async (pred: () => boolean, maxMs = 120_000, what = "condition") => {
    for (let t = 0; t <= maxMs; t += 100) {
      if (pred()) return;
      await advance(100);
    }
    const history = changes.map((c) => `${c.from}→${c.to} (${c.reason})`).join(", ");
    throw new Error(
      `${what} not reached in ${maxMs} ms; state ${modem.state} (${modem.reason}); history: ${history}`,
    );
  };
  return {
    sim,
    channel,
    modem,
    changes,
    pwrkey,
    alerts,
    ports,
    get reopens() {
      return counts.reopens;
    },
    until,
    untilState: (state, maxMs) => until(() => modem.state === state, maxMs, `state ${state}`),
    advance,
    close: async () => {
      await modem.stop();
      await sim.close();
      vi.useRealTimers();
    },
  };
}
