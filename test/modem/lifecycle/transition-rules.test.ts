import { describe, expect, it } from "vitest";
import { initialMachine, transition } from "../../../src/modem/lifecycle/machine.js";
import { ladderFor } from "../../../src/modem/lifecycle/recovery.js";
import type { Machine, MachineEffect, MachineEvent } from "../../../src/modem/lifecycle/types.js";
import { config, machineIn } from "./support/machines.js";

function run(
  m: Machine,
  ...events: MachineEvent[]
): { machine: Machine; effects: MachineEffect[] } {
  let machine = m;
  const effects: MachineEffect[] = [];
  for (const e of events) {
    const t = transition(machine, e);
    machine = t.machine;
    effects.push(...t.effects);
  }
  return { machine, effects };
}

const types = (effects: MachineEffect[]) => effects.map((e) => e.type);

describe("SIM rules", () => {
  const configuring = machineIn("configuring");

  it("enters the PIN when one is configured and attempts are left", () => {
    const t = transition(configuring, { type: "sim-pin-required", attemptsLeft: 3 });
    expect(t.machine.state).toBe("sim-locked");
    expect(types(t.effects)).toContain("enter-pin");
  });

  it("never spends the last attempt", () => {
    const t = transition(configuring, { type: "sim-pin-required", attemptsLeft: 1 });
    expect([t.machine.state, t.machine.reason]).toEqual(["degraded", "sim-pin-last-attempt"]);
    expect(types(t.effects)).not.toContain("enter-pin");
  });

  it("enters the PIN at most once per boot", () => {
    const again = machineIn("configuring", { ctx: { ...configuring.ctx, pinTriedThisBoot: true } });
    const t = transition(again, { type: "sim-pin-required", attemptsLeft: 3 });
    expect(types(t.effects)).not.toContain("enter-pin");
  });

  it("a reboot allows one PIN entry again", () => {
    const { machine } = run(
      machineIn("ready", { ctx: { ...configuring.ctx, pinTriedThisBoot: true } }),
      {
        type: "restart-urc",
      },
    );
    expect(machine.ctx.pinTriedThisBoot).toBe(false);
  });

  it("a rejected PIN stays rejected across reboots", () => {
    const { machine, effects } = run(
      machineIn("sim-locked"),
      { type: "pin-rejected" },
      { type: "restart-urc" },
      { type: "sync-ok" },
      { type: "sim-pin-required", attemptsLeft: 2 },
    );
    expect([machine.state, machine.reason]).toEqual(["degraded", "sim-pin-rejected"]);
    expect(types(effects)).not.toContain("enter-pin");
  });

  it("a new PIN from a human clears the rejection", () => {
    const { machine, effects } = run(
      machineIn("sim-locked"),
      { type: "pin-rejected" },
      { type: "pin-changed" },
      { type: "sim-pin-required", attemptsLeft: 2 },
    );
    expect(machine.state).toBe("sim-locked");
    expect(types(effects)).toContain("enter-pin");
  });

  it("without a configured PIN it waits for a human", () => {
    const m = machineIn("configuring", {}, { ...config, hasPin: false });
    const t = transition(m, { type: "sim-pin-required", attemptsLeft: 3 });
    expect([t.machine.state, t.machine.reason]).toEqual(["degraded", "sim-pin-required"]);
  });

  it("PUK: degraded, no retry timer", () => {
    const t = transition(configuring, { type: "sim-puk-required" });
    expect([t.machine.state, t.machine.reason]).toEqual(["degraded", "sim-puk-required"]);
    expect(t.effects).not.toContainEqual(expect.objectContaining({ name: "sim-retry" }));
  });

  it("no SIM: retried with a growing backoff", () => {
    const delays: number[] = [];
    let m = machineIn("configuring");
    for (let i = 0; i < 4; i++) {
      const t = transition(m, { type: "sim-unavailable", problem: "sim-absent" });
      const timer = t.effects.find((e) => e.type === "set-timer" && e.name === "sim-retry");
      delays.push(timer?.type === "set-timer" ? timer.ms : -1);
      m = transition(t.machine, { type: "timer", name: "sim-retry" }).machine;
    }
    expect(delays).toEqual([2000, 4000, 8000, 16000]);
  });
});

describe("power rules", () => {
  it("pulses only when AT is unanswered and nothing came out of the UART", () => {
    const t = transition(machineIn("syncing"), { type: "sync-failed" });
    expect(types(t.effects)).toEqual(["power-on"]);
  });

  it("a module that printed something is booting: sync again instead of pulsing", () => {
    const { machine, effects } = run(
      machineIn("syncing"),
      { type: "modem-output" },
      { type: "sync-failed" },
    );
    expect(machine.state).toBe("syncing");
    expect(types(effects)).toEqual(["sync"]);
  });

  it("pulses once per sync episode", () => {
    const { machine, effects } = run(
      machineIn("syncing"),
      { type: "sync-failed" },
      { type: "powered" },
      { type: "sync-failed" },
    );
    expect(machine.state).toBe("recovering");
    expect(types(effects).filter((t) => t === "power-on")).toHaveLength(1);
  });

  it("without power control a silent modem goes straight to recovery", () => {
    const m = machineIn("syncing", {}, { ...config, hasPower: false });
    expect(transition(m, { type: "sync-failed" }).machine.state).toBe("recovering");
  });
});

describe("the healing ladder", () => {
  function climb(hasPower: boolean, steps: number) {
    let m = machineIn("ready", {}, { ...config, hasPower, maxRounds: 2 });
    m = transition(m, { type: "health-failed", error: "x" }).machine;
    const actions: string[] = [];
    const delays: number[] = [];
    const states: string[] = [];
    let alerts = 0;
    for (let i = 0; i < steps; i++) {
      const fired = transition(m, { type: "timer", name: "recover" });
      const rec = fired.effects.find((e) => e.type === "recover");
      if (rec?.type === "recover") actions.push(rec.action);
      const failed = transition(fired.machine, { type: "recovery-failed", error: "x" });
      alerts += failed.effects.filter((e) => e.type === "alert").length;
      const timer = failed.effects.find((e) => e.type === "set-timer");
      if (timer?.type === "set-timer") delays.push(timer.ms);
      states.push(failed.machine.state);
      m = failed.machine;
    }
    return { actions, delays, states, alerts };
  }

  it("climbs retry → re-sync → CFUN reset → power cycle → reopen", () => {
    expect(climb(true, 5).actions).toEqual([
      "retry",
      "resync",
      "cfun-reset",
      "power-cycle",
      "reopen",
    ]);
  });

  it("skips the power cycle without power control", () => {
    expect(climb(false, 4).actions).toEqual(["retry", "resync", "cfun-reset", "reopen"]);
    expect(ladderFor(false)).not.toContain("power-cycle");
  });

  it("backs off between rungs", () => {
    expect(climb(true, 4).delays).toEqual([2000, 4000, 8000, 16000]);
  });

  it("is failed after N rounds, with exactly one alert, and keeps trying slowly", () => {
    const { states, alerts, delays, actions } = climb(true, 14);
    expect(states.indexOf("failed")).toBe(9);
    expect(alerts).toBe(1);
    expect(delays.slice(10)).toEqual([300_000, 300_000, 300_000, 300_000]);
    expect(actions.slice(10, 14)).toEqual(["retry", "resync", "cfun-reset", "power-cycle"]);
  });

  it("a retry that works returns to the state the health check failed in", () => {
    const { machine } = run(
      machineIn("degraded", { reason: "sim-absent" }),
      { type: "health-failed", error: "x" },
      { type: "timer", name: "recover" },
      { type: "recovery-done" },
    );
    expect([machine.state, machine.reason]).toEqual(["degraded", "sim-absent"]);
  });

  it("a working health check ends the episode", () => {
    const { machine } = run(
      machineIn("ready"),
      { type: "health-failed", error: "x" },
      { type: "timer", name: "recover" },
      { type: "recovery-done" },
      { type: "health-ok" },
    );
    expect(machine.ctx.recovery).toBeUndefined();
  });

  it("reaching ready ends the episode", () => {
    const { machine } = run(machineIn("registering", { ctx: { ...machineIn("recovering").ctx } }), {
      type: "registration",
      status: "home",
    });
    expect(machine.ctx.recovery).toBeUndefined();
  });

  it("only restarting rungs count as resets", () => {
    const counted = ["retry", "resync", "cfun-reset", "power-cycle", "reopen"].map((_, step) => {
      const m = machineIn("recovering", {
        ctx: { ...machineIn("recovering").ctx, recovery: { round: 0, step, attempts: step } },
      });
      return transition(m, { type: "timer", name: "recover" }).effects.some(
        (e) => e.type === "count-reset",
      );
    });
    expect(counted).toEqual([false, false, true, true, true]);
  });
});

describe("network rules", () => {
  it("roaming is ready when allowed", () => {
    const m = machineIn("registering", {}, { ...config, allowRoaming: true });
    expect(transition(m, { type: "registration", status: "roaming" }).machine.state).toBe("ready");
  });

  it("roaming is degraded when not allowed", () => {
    const t = transition(machineIn("registering"), { type: "registration", status: "roaming" });
    expect([t.machine.state, t.machine.reason]).toEqual(["degraded", "roaming-not-allowed"]);
  });

  it("searching beyond the poll limit is degraded no-network", () => {
    let m = machineIn("registering", {}, { ...config, regPollLimit: 3 });
    for (let i = 0; i < 4; i++)
      m = transition(m, { type: "registration", status: "searching" }).machine;
    expect([m.state, m.reason]).toEqual(["degraded", "no-network"]);
  });
});

describe("start and stop", () => {
  it("starts by probing, not by pulsing", () => {
    const t = transition(initialMachine(config), { type: "start" });
    expect(t.effects).toContainEqual({ type: "sync", mode: "probe" });
  });

  it("stop from any state clears the timers and ends off", () => {
    const t = transition(machineIn("failed"), { type: "stop" });
    expect([t.machine.state, t.effects]).toEqual(["off", [{ type: "clear-timers" }]]);
  });
});
