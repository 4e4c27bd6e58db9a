import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { initialMachine, transition } from "../../../src/modem/lifecycle/machine.js";
import { type MachineEvent, MODEM_STATES } from "../../../src/modem/lifecycle/types.js";
import { config, EVENTS } from "./support/machines.js";

const anyEvent = fc.constantFrom(...Object.values(EVENTS), {
  type: "sim-pin-required",
  attemptsLeft: 1,
} as MachineEvent);
const sequences = fc.array(anyEvent, { minLength: 1, maxLength: 200 });

/** Events after which the module has (re)started: a new boot may take one PIN again. */
function isBoot(before: string, e: MachineEvent, after: string): boolean {
  if (e.type === "restart-urc" || e.type === "power-down-urc" || e.type === "config-lost")
    return before !== after;
  if (e.type === "powered" || e.type === "transport-open" || e.type === "start")
    return before !== after;
  return e.type === "recovery-done" && after === "syncing";
}

describe("lifecycle invariants over random event sequences", () => {
  it("every state reached is a known state", () => {
    fc.assert(
      fc.property(sequences, (events) => {
        let m = transition(initialMachine(config), { type: "start" }).machine;
        for (const e of events) {
          m = transition(m, e).machine;
          expect(MODEM_STATES).toContain(m.state);
        }
      }),
    );
  });

  it("the PIN is sent at most once per boot", () => {
    fc.assert(
      fc.property(sequences, (events) => {
        let m = transition(initialMachine(config), { type: "start" }).machine;
        let sentThisBoot = 0;
        for (const e of events) {
          const t = transition(m, e);
          if (isBoot(m.state, e, t.machine.state)) sentThisBoot = 0;
          sentThisBoot += t.effects.filter((x) => x.type === "enter-pin").length;
          expect(sentThisBoot).toBeLessThanOrEqual(1);
          m = t.machine;
        }
      }),
    );
  });

  it("after a rejected PIN no PIN is sent until a human gives one", () => {
    fc.assert(
      fc.property(sequences, (events) => {
        let m = transition(initialMachine(config), { type: "start" }).machine;
        let rejected = false;
        for (const e of events) {
          const t = transition(m, e);
          if (rejected) expect(t.effects.map((x) => x.type)).not.toContain("enter-pin");
          if (e.type === "pin-rejected" && m.state === "sim-locked") rejected = true;
          if (e.type === "pin-changed") rejected = false;
          m = t.machine;
        }
      }),
    );
  });

  it("a PIN is never sent with one attempt left", () => {
    fc.assert(
      fc.property(sequences, (events) => {
        let m = transition(initialMachine(config), { type: "start" }).machine;
        for (const e of events) {
          const t = transition(m, e);
          if (e.type === "sim-pin-required" && e.attemptsLeft === 1) {
            expect(t.effects.map((x) => x.type)).not.toContain("enter-pin");
          }
          m = t.machine;
        }
      }),
    );
  });

  it("stop always ends off with no work left but clearing timers", () => {
    fc.assert(
      fc.property(sequences, (events) => {
        let m = transition(initialMachine(config), { type: "start" }).machine;
        for (const e of events) m = transition(m, e).machine;
        const t = transition(m, { type: "stop" });
        expect(t.machine.state).toBe("off");
        expect(t.effects.every((x) => x.type === "clear-timers")).toBe(true);
      }),
    );
  });
});
