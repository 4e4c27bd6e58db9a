import { describe, expect, it } from "vitest";
import { transition } from "../../../src/modem/lifecycle/machine.js";
import { machineIn } from "./support/machines.js";

/** A restart someone asked for: the recovery ladder's module reset, begun at once. */
describe("restart-requested", () => {
  it("resets the module with the ladder's cfun-reset, now", () => {
    const t = transition(machineIn("ready"), { type: "restart-requested" });
    expect(t.effects).toContainEqual({ type: "recover", action: "cfun-reset" });
    expect(t.machine).toMatchObject({ state: "recovering", reason: "restart-requested" });
  });

  it("counts it as a module reset", () => {
    const t = transition(machineIn("degraded"), { type: "restart-requested" });
    expect(t.effects).toContainEqual({ type: "count-reset", reason: "cfun-reset" });
  });

  it("continues the ladder after the reset if it fails (power cycle next)", () => {
    const asked = transition(machineIn("ready"), { type: "restart-requested" }).machine;
    const failed = transition(asked, { type: "recovery-failed", error: "at.timeout" }).machine;
    const next = transition(failed, { type: "timer", name: "recover" });
    expect(next.effects).toContainEqual({ type: "recover", action: "power-cycle" });
  });

  it("is ignored while a recovery action runs", () => {
    const asked = transition(machineIn("ready"), { type: "restart-requested" }).machine;
    expect(transition(asked, { type: "restart-requested" }).effects).toEqual([]);
  });
});
