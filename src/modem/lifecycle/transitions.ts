import { backoffMs } from "./recovery.js";
import type { Machine, MachineContext, MachineEffect, ModemState, Transition } from "./types.js";

/** Building blocks of the transition function (machine.ts): pure, small, named for what they do. */

export const stay = (m: Machine, effects: MachineEffect[] = []): Transition => ({
  machine: m,
  effects,
});

export function to(
  m: Machine,
  state: ModemState,
  reason: string,
  ctx: Partial<MachineContext> = {},
): Machine {
  return { state, reason, ctx: { ...m.ctx, ...ctx } };
}

/** Begin talking to a module that may be booting: fresh per-sync flags. */
export function sync(
  m: Machine,
  mode: "probe" | "boot",
  reason: string,
  extra: MachineEffect[] = [],
): Transition {
  return {
    machine: to(m, "syncing", reason, { powerTried: false, aliveSeen: false, syncRetries: 0 }),
    effects: [{ type: "clear-timers" }, ...extra, { type: "sync", mode }],
  };
}

/** The module restarted behind our back (RDY, power-down, lost settings): set it up again. */
export function rebooted(m: Machine, reason: string, count: string): Transition {
  const fresh = to(m, m.state, reason, { pinTriedThisBoot: false });
  return sync(fresh, "boot", reason, [
    { type: "boot-observed" },
    { type: "count-reset", reason: count },
  ]);
}

export function healthTimer(m: Machine): MachineEffect {
  return { type: "set-timer", name: "health", ms: m.ctx.config.healthIntervalMs };
}

export function degraded(m: Machine, reason: string, effects: MachineEffect[] = []): Transition {
  const next = to(m, "degraded", reason);
  // Already degraded for this reason (a registration poll found nothing new): the running
  // health timer stays. Re-arming it on every poll (more often than the health interval)
  // meant the health check, and the signal it reads, never ran.
  if (m.state === "degraded" && m.reason === reason) return { machine: next, effects };
  return { machine: next, effects: [{ type: "clear-timers" }, healthTimer(next), ...effects] };
}

export function simRetry(m: Machine, reason: string): Transition {
  const { simRetryBaseMs, simRetryMaxMs } = m.ctx.config;
  const ms = backoffMs(m.ctx.simRetries, simRetryBaseMs, simRetryMaxMs);
  const next = to(m, "degraded", reason, { simRetries: m.ctx.simRetries + 1 });
  return {
    machine: next,
    effects: [
      { type: "clear-timers" },
      healthTimer(next),
      { type: "set-timer", name: "sim-retry", ms },
    ],
  };
}

export function ready(m: Machine, reason: string): Transition {
  const { recovery: _done, ...ctx } = m.ctx;
  const next: Machine = { state: "ready", reason, ctx: { ...ctx, regPolls: 0, simRetries: 0 } };
  return { machine: next, effects: [{ type: "clear-timers" }, healthTimer(next)] };
}

export function onRegistration(m: Machine, status: string): Transition {
  const { config } = m.ctx;
  if (status === "home") return ready(m, "registered");
  if (status === "roaming") {
    return config.allowRoaming
      ? ready(m, "roaming")
      : degraded(m, "roaming-not-allowed", [
          { type: "set-timer", name: "reg-poll", ms: config.regPollSlowMs },
        ]);
  }
  if (status === "denied") {
    return degraded(m, "registration-denied", [
      { type: "set-timer", name: "reg-poll", ms: config.regPollSlowMs },
    ]);
  }
  // searching / not registered: keep polling; after the limit say so, and poll slowly.
  const polls = m.ctx.regPolls + 1;
  if (m.state === "degraded" || polls > config.regPollLimit) {
    return degraded(to(m, m.state, m.reason, { regPolls: polls }), "no-network", [
      { type: "set-timer", name: "reg-poll", ms: config.regPollSlowMs },
    ]);
  }
  const reason =
    m.state === "ready" ? "network-lost" : m.state === "registering" ? m.reason : "searching";
  return {
    machine: to(m, "registering", reason, { regPolls: polls }),
    effects: [
      { type: "clear-timers" },
      { type: "set-timer", name: "reg-poll", ms: config.regPollMs },
    ],
  };
}

export function onSimPinRequired(m: Machine, attemptsLeft: number | undefined): Transition {
  const { ctx } = m;
  if (ctx.pinRejected) return degraded(m, "sim-pin-rejected");
  if (!ctx.config.hasPin) return degraded(m, "sim-pin-required");
  // Once per boot: a second request means the first PIN did not stick; a human must look.
  if (ctx.pinTriedThisBoot) return degraded(m, "sim-pin-required");
  // Never spend the last attempt automatically (the next failure would lock the SIM behind its PUK).
  if (attemptsLeft !== undefined && attemptsLeft <= 1) return degraded(m, "sim-pin-last-attempt");
  return {
    machine: to(m, "sim-locked", "sim-pin-required", { pinTriedThisBoot: true }),
    effects: [{ type: "clear-timers" }, { type: "enter-pin" }],
  };
}

export const isSimReason = (reason: string) => reason.startsWith("sim-");
export const isNetworkReason = (reason: string) =>
  reason === "no-network" || reason === "registration-denied" || reason === "roaming-not-allowed";
