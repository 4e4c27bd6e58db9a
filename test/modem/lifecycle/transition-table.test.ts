import { describe, expect, it } from "vitest";
import { transition } from "../../../src/modem/lifecycle/machine.js";
import type { Machine, MachineEvent } from "../../../src/modem/lifecycle/types.js";
import { EVENTS, machineIn } from "./support/machines.js";

/**
 * Every state × every event. A listed event names the next state ("=" keeps the state but has
 * effects); every event not listed must leave the machine in its state with no effects at all.
 */
const rows: Array<[string, Machine, Record<string, string>]> = [
  ["off", machineIn("off"), { start: "syncing" }],
  [
    "powering-on",
    machineIn("powering-on"),
    {
      stop: "off",
      "restart-requested": "recovering",
      powered: "syncing",
      "power-failed": "recovering",
      "restart-urc": "=",
      "port-unavailable": "failed",
      "transport-closed": "recovering",
    },
  ],
  [
    "syncing",
    machineIn("syncing"),
    {
      stop: "off",
      "restart-requested": "recovering",
      "sync-ok": "configuring",
      "sync-failed": "powering-on",
      "restart-urc": "=",
      "port-unavailable": "failed",
      "transport-closed": "recovering",
    },
  ],
  [
    "configuring",
    machineIn("configuring"),
    {
      stop: "off",
      "restart-requested": "recovering",
      "restart-urc": "syncing",
      "power-down-urc": "syncing",
      "sim-ready": "=",
      "sim-pin-required": "sim-locked",
      "sim-puk-required": "degraded",
      "sim-unavailable": "degraded",
      configured: "registering",
      "step-failed": "recovering",
      "port-unavailable": "failed",
      "transport-closed": "recovering",
    },
  ],
  [
    "sim-locked",
    machineIn("sim-locked"),
    {
      stop: "off",
      "restart-requested": "recovering",
      "restart-urc": "syncing",
      "power-down-urc": "syncing",
      "sim-puk-required": "degraded",
      "sim-unavailable": "degraded",
      "pin-accepted": "configuring",
      "pin-rejected": "degraded",
      "step-failed": "recovering",
      "port-unavailable": "failed",
      "transport-closed": "recovering",
    },
  ],
  [
    "registering",
    machineIn("registering"),
    {
      stop: "off",
      "restart-requested": "recovering",
      "restart-urc": "syncing",
      "power-down-urc": "syncing",
      "boot-urc": "=",
      "config-lost": "configuring",
      "step-failed": "recovering",
      "registration:home": "ready",
      "registration:searching": "=",
      "timer:reg-poll": "=",
      "port-unavailable": "failed",
      "transport-closed": "recovering",
    },
  ],
  [
    "ready",
    machineIn("ready"),
    {
      stop: "off",
      "restart-requested": "recovering",
      "restart-urc": "syncing",
      "power-down-urc": "syncing",
      "boot-urc": "=",
      "config-lost": "configuring",
      "step-failed": "recovering",
      "registration:home": "=",
      "registration:searching": "registering",
      "timer:health": "=",
      "health-ok": "=",
      "health-failed": "recovering",
      "port-unavailable": "failed",
      "transport-closed": "recovering",
    },
  ],
  [
    "degraded (no-network)",
    machineIn("degraded"),
    {
      stop: "off",
      "restart-requested": "recovering",
      "restart-urc": "syncing",
      "power-down-urc": "syncing",
      "boot-urc": "=",
      "config-lost": "configuring",
      "step-failed": "recovering",
      "registration:home": "ready",
      "registration:searching": "=",
      "timer:health": "=",
      "timer:reg-poll": "=",
      "health-ok": "=",
      "health-failed": "recovering",
      "port-unavailable": "failed",
      "transport-closed": "recovering",
    },
  ],
  [
    "degraded (sim-absent)",
    machineIn("degraded", { reason: "sim-absent" }),
    {
      stop: "off",
      "restart-requested": "recovering",
      "restart-urc": "syncing",
      "power-down-urc": "syncing",
      "boot-urc": "=",
      "config-lost": "configuring",
      "step-failed": "recovering",
      "timer:health": "=",
      "timer:sim-retry": "configuring",
      "health-ok": "=",
      "health-failed": "recovering",
      "port-unavailable": "failed",
      "transport-closed": "recovering",
      "pin-changed": "configuring",
    },
  ],
  [
    "recovering (waiting)",
    machineIn("recovering"),
    {
      stop: "off",
      "restart-requested": "=",
      "restart-urc": "syncing",
      "power-down-urc": "syncing",
      "timer:recover": "=",
      "port-unavailable": "failed",
      "transport-closed": "=",
      "transport-open": "syncing",
    },
  ],
  [
    "recovering (acting)",
    machineIn("recovering", {
      ctx: {
        ...machineIn("recovering").ctx,
        recovery: { round: 0, step: 2, attempts: 2, acting: "cfun-reset" },
      },
    }),
    {
      stop: "off",
      "restart-urc": "=",
      "recovery-done": "syncing",
      "recovery-failed": "=",
    },
  ],
  [
    "failed (waiting)",
    machineIn("failed"),
    {
      stop: "off",
      "restart-requested": "recovering",
      "restart-urc": "syncing",
      "power-down-urc": "syncing",
      "timer:recover": "=",
      "transport-closed": "recovering",
      "transport-open": "syncing",
      "timer:health": "=",
      "port-unavailable": "=",
      "probe-ok": "syncing",
      "probe-failed": "=",
    },
  ],
];

describe("the lifecycle transition table", () => {
  for (const [name, machine, expected] of rows) {
    describe(`in ${name}`, () => {
      for (const [eventName, event] of Object.entries(EVENTS)) {
        const want = expected[eventName];
        if (want === undefined) {
          it(`${eventName}: ignored (same state, no effects)`, () => {
            const t = transition(machine, event);
            expect({ state: t.machine.state, effects: t.effects }).toEqual({
              state: machine.state,
              effects: [],
            });
          });
        } else if (want === "=") {
          it(`${eventName}: stays ${machine.state}, with effects`, () => {
            const t = transition(machine, event);
            expect(t.machine.state).toBe(machine.state);
            expect(t.effects.length).toBeGreaterThan(0);
          });
        } else {
          it(`${eventName} → ${want}`, () => {
            expect(transition(machine, event).machine.state).toBe(want);
          });
        }
      }
    });
  }

  it("covers every event kind the machine knows", () => {
    // A new event kind fails to compile here until it is added to EVENTS and the table.
    const all: Record<MachineEvent["type"], true> = {
      start: true,
      stop: true,
      "sync-ok": true,
      "sync-failed": true,
      powered: true,
      "power-failed": true,
      "modem-output": true,
      "restart-urc": true,
      "boot-urc": true,
      "power-down-urc": true,
      "sim-ready": true,
      "sim-pin-required": true,
      "sim-puk-required": true,
      "sim-unavailable": true,
      "pin-accepted": true,
      "pin-rejected": true,
      configured: true,
      "step-failed": true,
      registration: true,
      timer: true,
      "health-ok": true,
      "health-failed": true,
      "config-lost": true,
      "recovery-done": true,
      "recovery-failed": true,
      "transport-closed": true,
      "transport-open": true,
      "port-unavailable": true,
      "probe-ok": true,
      "probe-failed": true,
      "pin-changed": true,
      "restart-requested": true,
    };
    expect(new Set(Object.values(EVENTS).map((e) => e.type))).toEqual(new Set(Object.keys(all)));
  });
});
