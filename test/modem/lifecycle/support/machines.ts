import { initialMachine } from "../../../../src/modem/lifecycle/machine.js";
import type {
  Machine,
  MachineConfig,
  MachineEvent,
  ModemState,
} from "../../../../src/modem/lifecycle/types.js";

export const config: Partial<MachineConfig> = {
  hasPin: true,
  hasPower: true,
  allowRoaming: false,
  maxRounds: 2,
};

/** A machine in `state` as the lifecycle would leave it there (typical reason and context). */
export function machineIn(
  state: ModemState,
  patch: Partial<Machine> = {},
  cfg: Partial<MachineConfig> = config,
): Machine {
  const base = initialMachine(cfg);
  const reasons: Record<ModemState, string> = {
    off: "not-started",
    "powering-on": "no-answer",
    syncing: "starting",
    configuring: "starting",
    "sim-locked": "sim-pin-required",
    registering: "configured",
    ready: "registered",
    degraded: "no-network",
    recovering: "health-check-failed",
    failed: "no-answer",
  };
  const ctx = { ...base.ctx };
  // Past the first sync, something on the port has answered AT.
  ctx.answered = !["off", "powering-on", "syncing"].includes(state);
  if (state === "powering-on") ctx.powerTried = true;
  if (state === "sim-locked") ctx.pinTriedThisBoot = true;
  if (state === "recovering") ctx.recovery = { round: 0, step: 1, attempts: 1 };
  if (state === "failed") ctx.recovery = { round: 2, step: 0, attempts: 9 };
  return { state, reason: reasons[state], ctx, ...patch };
}

/** One representative of every event the machine knows. */
export const EVENTS: Record<string, MachineEvent> = {
  start: { type: "start" },
  stop: { type: "stop" },
  "sync-ok": { type: "sync-ok" },
  "sync-failed": { type: "sync-failed" },
  powered: { type: "powered" },
  "power-failed": { type: "power-failed", error: "gpio" },
  "modem-output": { type: "modem-output" },
  "restart-urc": { type: "restart-urc" },
  "boot-urc": { type: "boot-urc" },
  "power-down-urc": { type: "power-down-urc" },
  "sim-ready": { type: "sim-ready" },
  "sim-pin-required": { type: "sim-pin-required", attemptsLeft: 3 },
  "sim-puk-required": { type: "sim-puk-required" },
  "sim-unavailable": { type: "sim-unavailable", problem: "sim-absent" },
  "pin-accepted": { type: "pin-accepted" },
  "pin-rejected": { type: "pin-rejected" },
  configured: { type: "configured" },
  "step-failed": { type: "step-failed", error: "at.timeout" },
  "registration:home": { type: "registration", status: "home" },
  "registration:searching": { type: "registration", status: "searching" },
  "timer:health": { type: "timer", name: "health" },
  "timer:sim-retry": { type: "timer", name: "sim-retry" },
  "timer:reg-poll": { type: "timer", name: "reg-poll" },
  "timer:recover": { type: "timer", name: "recover" },
  "health-ok": { type: "health-ok" },
  "health-failed": { type: "health-failed", error: "at.timeout" },
  "config-lost": { type: "config-lost" },
  "recovery-done": { type: "recovery-done" },
  "recovery-failed": { type: "recovery-failed", error: "at.timeout" },
  "transport-closed": { type: "transport-closed" },
  "transport-open": { type: "transport-open" },
  "port-unavailable": { type: "port-unavailable", problem: "no-port" },
  "probe-ok": { type: "probe-ok" },
  "probe-failed": { type: "probe-failed" },
  "pin-changed": { type: "pin-changed" },
  "restart-requested": { type: "restart-requested" },
};
