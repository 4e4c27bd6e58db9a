import { pendingAction, scheduleRecovery } from "./recovery.js";
import {
  BOOTING,
  degraded,
  healthTimer,
  isNetworkReason,
  isSimReason,
  onRegistration,
  onSimPinRequired,
  rebooted,
  SETTLED,
  simRetry,
  stay,
  sync,
  to,
} from "./transitions.js";
import {
  DEFAULT_MACHINE_CONFIG,
  type Machine,
  type MachineConfig,
  type MachineEvent,
  type Transition,
} from "./types.js";

export function initialMachine(config: Partial<MachineConfig> = {}): Machine {
  return {
    state: "off",
    reason: "not-started",
    ctx: {
      config: { ...DEFAULT_MACHINE_CONFIG, ...config },
      pinTriedThisBoot: false,
      pinRejected: false,
      powerTried: false,
      aliveSeen: false,
      syncRetries: 0,
      answered: false,
      simRetries: 0,
      regPolls: 0,
    },
  };
}

/**
 * The lifecycle as a pure function: (machine, event) → next machine + effects for the driver.
 * Events that make no sense in a state leave it unchanged with no effects.
 */
export function transition(m: Machine, e: MachineEvent): Transition {
  const { state, ctx } = m;
  const recovering = state === "recovering" || state === "failed";

  switch (e.type) {
    case "start":
      return state === "off"
        ? sync(
            to(m, state, m.reason, { pinTriedThisBoot: false, answered: false }),
            "probe",
            "starting",
          )
        : stay(m);

    case "stop":
      if (state === "off") return stay(m);
      return {
        machine: to(m, "off", "stopped", { recovery: undefined }),
        effects: [{ type: "clear-timers" }],
      };

    case "modem-output":
      return BOOTING.has(state) && !ctx.aliveSeen
        ? stay(to(m, state, m.reason, { aliveSeen: true }))
        : stay(m);

    case "sync-ok":
      if (state !== "syncing") return stay(m);
      return {
        machine: to(m, "configuring", m.reason, { syncRetries: 0, answered: true }),
        effects: [{ type: "configure" }],
      };

    case "sync-failed": {
      if (state !== "syncing") return stay(m);
      // Something came out of the UART: it is booting, not off. Pulsing now would switch it off.
      if (ctx.aliveSeen && ctx.syncRetries < 2) {
        return {
          machine: to(m, state, m.reason, { syncRetries: ctx.syncRetries + 1 }),
          effects: [{ type: "sync", mode: "boot" }],
        };
      }
      // Silent: off. PWRKEY is a toggle, and only now (no answer to AT) is a pulse safe.
      if (ctx.config.hasPower && !ctx.powerTried && ctx.recovery === undefined) {
        return {
          machine: to(m, "powering-on", "no-answer", { powerTried: true }),
          effects: [{ type: "power-on" }],
        };
      }
      return scheduleRecovery(m, silentReason(m), ctx.recovery !== undefined);
    }

    case "powered":
      if (state !== "powering-on") return stay(m);
      return {
        machine: to(m, "syncing", "powered-on", {
          aliveSeen: false,
          syncRetries: 0,
          pinTriedThisBoot: false,
        }),
        effects: [
          { type: "count-reset", reason: "power-on" },
          { type: "sync", mode: "boot" },
        ],
      };

    case "power-failed":
      if (state !== "powering-on") return stay(m);
      return scheduleRecovery(m, "power-control-failed", false);

    case "restart-urc":
      if (state === "off" || BOOTING.has(state))
        return stay(m, state === "off" ? [] : [{ type: "boot-observed" }]);
      if (recovering && ctx.recovery?.acting !== undefined)
        return stay(m, [{ type: "boot-observed" }]);
      return rebooted(m, "modem-rebooted", "unexpected-reboot");

    case "power-down-urc":
      if (state === "off" || BOOTING.has(state)) return stay(m);
      if (recovering && ctx.recovery?.acting !== undefined) return stay(m);
      return rebooted(m, "modem-powered-down", "power-down");

    case "boot-urc":
      return SETTLED.has(state) ? stay(m, [{ type: "verify-config" }]) : stay(m);

    case "config-lost":
      if (!SETTLED.has(state)) return stay(m);
      return {
        machine: to(m, "configuring", "modem-rebooted", { pinTriedThisBoot: false }),
        effects: [
          { type: "clear-timers" },
          { type: "count-reset", reason: "unexpected-reboot" },
          { type: "configure" },
        ],
      };

    case "sim-ready":
      if (state !== "configuring") return stay(m);
      return {
        machine: to(m, state, m.reason, { simRetries: 0 }),
        effects: [{ type: "setup-sms" }],
      };

    case "sim-pin-required":
      return state === "configuring" ? onSimPinRequired(m, e.attemptsLeft) : stay(m);

    case "sim-puk-required":
      // Never guess a PUK: ten wrong ones destroy the SIM.
      return state === "configuring" || state === "sim-locked"
        ? degraded(m, "sim-puk-required")
        : stay(m);

    case "sim-unavailable":
      return state === "configuring" || state === "sim-locked" ? simRetry(m, e.problem) : stay(m);

    case "pin-accepted":
      if (state !== "sim-locked") return stay(m);
      return { machine: to(m, "configuring", "sim-unlocked"), effects: [{ type: "check-sim" }] };

    case "pin-rejected":
      if (state !== "sim-locked") return stay(m);
      return degraded(to(m, state, m.reason, { pinRejected: true }), "sim-pin-rejected");

    case "pin-changed": {
      const fresh = to(m, state, m.reason, {
        pinRejected: false,
        pinTriedThisBoot: false,
        config: { ...ctx.config, hasPin: true },
      });
      if (state === "degraded" && isSimReason(m.reason)) {
        return {
          machine: to(fresh, "configuring", "pin-changed"),
          effects: [{ type: "clear-timers" }, { type: "check-sim" }],
        };
      }
      return stay(fresh);
    }

    case "configured":
      if (state !== "configuring") return stay(m);
      return {
        machine: to(m, "registering", "configured", { regPolls: 0 }),
        effects: [{ type: "check-registration" }],
      };

    case "step-failed":
      if (!["configuring", "sim-locked", "registering", "degraded", "ready"].includes(state))
        return stay(m);
      return scheduleRecovery(m, "no-answer", ctx.recovery !== undefined);

    case "registration":
      if (state === "registering" || state === "ready") return onRegistration(m, e.status);
      if (state === "degraded" && isNetworkReason(m.reason)) return onRegistration(m, e.status);
      return stay(m);

    case "timer":
      return onTimer(m, e.name);

    case "health-ok": {
      if (state !== "ready" && state !== "degraded") return stay(m);
      const { recovery: _healed, ...rest } = ctx;
      return { machine: { ...m, ctx: rest }, effects: [healthTimer(m)] };
    }

    case "health-failed":
      if (state !== "ready" && state !== "degraded") return stay(m);
      return scheduleRecovery(m, "health-check-failed", ctx.recovery !== undefined, {
        state,
        reason: m.reason,
      });

    case "recovery-done": {
      if (!recovering || ctx.recovery?.acting === undefined) return stay(m);
      const { acting, resume, ...progress } = ctx.recovery;
      const kept = to(m, state, m.reason, { recovery: progress });
      // A plain retry that works returns to where the health check failed.
      if (acting === "retry" && resume !== undefined) {
        const back = to(kept, resume.state, resume.reason);
        return { machine: back, effects: [{ type: "clear-timers" }, healthTimer(back)] };
      }
      // The restarting actions mark the boot themselves, before acting (an instant module's
      // SMS-ready URC can beat the action's own completion).
      const mode = acting === "retry" || acting === "resync" ? "probe" : "boot";
      const pin = mode === "boot" ? false : ctx.pinTriedThisBoot;
      // Nothing on this port has answered yet: the action cannot have "recovered" anything.
      const reason = ctx.answered ? `recovered-by-${acting}` : "not-a-modem";
      return sync(to(kept, state, m.reason, { pinTriedThisBoot: pin }), mode, reason);
    }

    case "recovery-failed": {
      if (!recovering || ctx.recovery?.acting === undefined) return stay(m);
      const { acting: _a, ...progress } = ctx.recovery;
      return scheduleRecovery(to(m, state, m.reason, { recovery: progress }), m.reason, true);
    }

    case "transport-closed":
      if (state === "off" || (recovering && ctx.recovery?.acting !== undefined)) return stay(m);
      // The channel reopens the port by itself (USB unplug → replug): wait for it, and climb
      // the ladder only if it stays away.
      return {
        machine: to(m, "recovering", "transport-closed", {
          recovery: ctx.recovery ?? { round: 0, step: 0, attempts: 0 },
        }),
        effects: [
          { type: "clear-timers" },
          { type: "set-timer", name: "recover", ms: ctx.config.recoverMaxMs },
        ],
      };

    case "port-unavailable":
      if (state === "off" || (recovering && ctx.recovery?.acting !== undefined)) return stay(m);
      if (state === "failed" && m.reason === e.problem) return stay(m);
      // No ladder: no AT can reach a port that is not there. The channel keeps trying to open
      // it (a USB modem plugged in, a permission fixed) and `transport-open` resumes from here.
      return {
        machine: to(m, "failed", e.problem, { recovery: undefined }),
        effects: [{ type: "clear-timers" }],
      };

    case "probe-ok":
      if (state !== "failed" || ctx.recovery?.acting !== undefined) return stay(m);
      return sync(m, "probe", "answering-again");

    case "probe-failed":
      return state === "failed" ? stay(m, [healthTimer(m)]) : stay(m);

    case "transport-open":
      if (!recovering || ctx.recovery?.acting !== undefined) return stay(m);
      // A fresh port says nothing about a reboot: on a UART the module simply stayed on, and
      // waiting for an SMS-ready URC that never comes stalls the set-up (smsReadyTimeoutMs).
      // Boot lines, if it did restart (USB replug), mark the boot as they arrive (restart-urc).
      // "boot" only gives the sync the longer budget of a module that may still be starting.
      return sync(
        to(m, state, m.reason, { pinTriedThisBoot: false }),
        "boot",
        "transport-reopened",
      );
  }
}

/** A sync that got no answer: `not-a-modem` until something on the port has answered AT. */
function silentReason(m: Machine): string {
  return m.ctx.answered ? "no-answer" : "not-a-modem";
}

function onTimer(m: Machine, name: string): Transition {
  const { state, ctx } = m;
  switch (name) {
    case "health":
      if (state === "ready" || state === "degraded") return stay(m, [{ type: "health-check" }]);
      // Failed: the ladder's next step may be minutes away; a cheap AT notices a module that
      // answers again (unplugged and back, its hang ended) within one health interval.
      if (state === "failed")
        return ctx.recovery?.acting === undefined
          ? stay(m, [{ type: "probe" }])
          : stay(m, [healthTimer(m)]);
      return stay(m);
    case "sim-retry":
      if (state !== "degraded" || !isSimReason(m.reason)) return stay(m);
      return {
        machine: to(m, "configuring", m.reason),
        effects: [{ type: "clear-timers" }, { type: "check-sim" }],
      };
    case "reg-poll":
      if (state === "registering" || (state === "degraded" && isNetworkReason(m.reason))) {
        return stay(m, [{ type: "check-registration" }]);
      }
      return stay(m);
    case "recover": {
      if ((state !== "recovering" && state !== "failed") || ctx.recovery === undefined)
        return stay(m);
      if (ctx.recovery.acting !== undefined) return stay(m);
      const action = pendingAction(m);
      return {
        machine: to(m, state, m.reason, { recovery: { ...ctx.recovery, acting: action } }),
        effects: [
          // Only actions that restart the module count as resets.
          ...(action === "retry" || action === "resync"
            ? []
            : [{ type: "count-reset" as const, reason: action }]),
          { type: "recover", action },
        ],
      };
    }
    default:
      return stay(m);
  }
}
