import { ladderFor, pendingAction, scheduleRecovery } from "./recovery.js";
import {
  degraded,
  healthTimer,
  isNetworkReason,
  isSimReason,
  onRegistration,
  onSimPinRequired,
  rebooted,
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
  type ModemState,
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

type EventType = MachineEvent["type"];
type EventOf<T extends EventType> = Extract<MachineEvent, { type: T }>;
/** What a state does with one event; undefined leaves it to the rules every state shares. */
type Rule<T extends EventType> = (m: Machine, e: EventOf<T>) => Transition | undefined;
type Rules = { [T in EventType]?: Rule<T> };

/**
 * The lifecycle as a pure function: (machine, event) → next machine + effects for the driver.
 * Each state lists the events it cares about (below, state by state); what every state does
 * alike (stop, a reboot seen on the port, the port lost) is written once in `everyState`.
 * Events that make no sense in a state leave it unchanged with no effects.
 */
export function transition(m: Machine, e: MachineEvent): Transition {
  return apply(states[m.state], m, e) ?? apply(everyState, m, e) ?? stay(m);
}

function apply(rules: Rules, m: Machine, e: MachineEvent): Transition | undefined {
  const rule = rules[e.type] as
    | ((m: Machine, e: MachineEvent) => Transition | undefined)
    | undefined;
  return rule?.(m, e);
}

// --- rules shared by the states --------------------------------------------------------

const ignore = (m: Machine): Transition => stay(m);

/** The recovery ladder is running an action: the port's noise is that action's doing. */
const acting = (m: Machine): boolean => m.ctx.recovery?.acting !== undefined;

const everyState: Rules = {
  stop: (m) => ({
    machine: to(m, "off", "stopped", { recovery: undefined }),
    effects: [{ type: "clear-timers" }],
  }),

  "restart-urc": (m) => rebooted(m, "modem-rebooted", "unexpected-reboot"),
  "power-down-urc": (m) => rebooted(m, "modem-powered-down", "power-down"),

  // The channel reopens the port by itself (USB unplug → replug): wait for it, and climb
  // the ladder only if it stays away.
  "transport-closed": (m) => ({
    machine: to(m, "recovering", "transport-closed", {
      recovery: m.ctx.recovery ?? { round: 0, step: 0, attempts: 0 },
    }),
    effects: [
      { type: "clear-timers" },
      { type: "set-timer", name: "recover", ms: m.ctx.config.recoverMaxMs },
    ],
  }),

  // No ladder: no AT can reach a port that is not there. The channel keeps trying to open
  // it (a USB modem plugged in, a permission fixed) and `transport-open` resumes from here.
  "port-unavailable": (m, e) => ({
    machine: to(m, "failed", e.problem, { recovery: undefined }),
    effects: [{ type: "clear-timers" }],
  }),

  // A human gave a (new) PIN: it may be tried again, in whatever state we are.
  "pin-changed": (m) => stay(pinChanged(m)),

  "restart-requested": (m) => restartRequested(m),
};

/**
 * A restart on request is the ladder's own module reset: the same action, the same way back
 * (recovery-done → boot sync → set-up), and the rest of the ladder if the reset fails.
 */
function restartRequested(m: Machine): Transition {
  if (acting(m)) return stay(m);
  const step = ladderFor(m.ctx.config.hasPower).indexOf("cfun-reset");
  return {
    machine: to(m, "recovering", "restart-requested", {
      recovery: { round: 0, step, attempts: 0, acting: "cfun-reset" },
    }),
    effects: [
      { type: "clear-timers" },
      { type: "count-reset", reason: "cfun-reset" },
      { type: "recover", action: "cfun-reset" },
    ],
  };
}

function pinChanged(m: Machine): Machine {
  return to(m, m.state, m.reason, {
    pinRejected: false,
    pinTriedThisBoot: false,
    config: { ...m.ctx.config, hasPin: true },
  });
}

/** Booting: anything on the UART means it is starting, not off (a pulse would switch it off). */
const booting: Rules = {
  "modem-output": (m) =>
    m.ctx.aliveSeen ? stay(m) : stay(to(m, m.state, m.reason, { aliveSeen: true })),
  // The boot we are waiting for; the driver forgets the previous boot's SMS-ready and PIN.
  "restart-urc": (m) => stay(m, [{ type: "boot-observed" }]),
  "power-down-urc": ignore,
};

/** Set up and running: boot lines now mean the module may have restarted behind our back. */
const settled: Rules = {
  "boot-urc": (m) => stay(m, [{ type: "verify-config" }]),
  "config-lost": (m) => ({
    machine: to(m, "configuring", "modem-rebooted", { pinTriedThisBoot: false }),
    effects: [
      { type: "clear-timers" },
      { type: "count-reset", reason: "unexpected-reboot" },
      { type: "configure" },
    ],
  }),
};

/** An AT step that got no answer starts (or advances) the healing ladder. */
const stepFailed: Rule<"step-failed"> = (m) =>
  scheduleRecovery(m, "no-answer", m.ctx.recovery !== undefined);

/** Ready or degraded: the periodic health check. */
const healthChecked: Rules = {
  "health-ok": (m) => {
    const { recovery: _healed, ...rest } = m.ctx;
    return { machine: { ...m, ctx: rest }, effects: [healthTimer(m)] };
  },
  "health-failed": (m) =>
    scheduleRecovery(m, "health-check-failed", m.ctx.recovery !== undefined, {
      state: m.state as "ready" | "degraded",
      reason: m.reason,
    }),
};

/** Recovering or failed: the ladder's actions and the port coming back. */
const healing: Rules = {
  // While an action runs, its own reboot and port churn are expected.
  "restart-urc": (m) => (acting(m) ? stay(m, [{ type: "boot-observed" }]) : undefined),
  "power-down-urc": (m) => (acting(m) ? stay(m) : undefined),
  "transport-closed": (m) => (acting(m) ? stay(m) : undefined),
  "port-unavailable": (m) => (acting(m) ? stay(m) : undefined),

  "recovery-done": (m) => {
    const { recovery } = m.ctx;
    if (recovery?.acting === undefined) return stay(m);
    const { acting: action, resume, ...progress } = recovery;
    const kept = to(m, m.state, m.reason, { recovery: progress });
    // A plain retry that works returns to where the health check failed.
    if (action === "retry" && resume !== undefined) {
      const back = to(kept, resume.state, resume.reason);
      return { machine: back, effects: [{ type: "clear-timers" }, healthTimer(back)] };
    }
    // The restarting actions mark the boot themselves, before acting (an instant module's
    // SMS-ready URC can beat the action's own completion).
    const mode = action === "retry" || action === "resync" ? "probe" : "boot";
    const pin = mode === "boot" ? false : m.ctx.pinTriedThisBoot;
    // Nothing on this port has answered yet: the action cannot have "recovered" anything.
    const reason = m.ctx.answered ? `recovered-by-${action}` : "not-a-modem";
    return sync(to(kept, m.state, m.reason, { pinTriedThisBoot: pin }), mode, reason);
  },

  "recovery-failed": (m) => {
    const { recovery } = m.ctx;
    if (recovery?.acting === undefined) return stay(m);
    const { acting: _a, ...progress } = recovery;
    return scheduleRecovery(to(m, m.state, m.reason, { recovery: progress }), m.reason, true);
  },

  // A fresh port says nothing about a reboot: on a UART the module simply stayed on, and
  // waiting for an SMS-ready URC that never comes stalls the set-up (smsReadyTimeoutMs).
  // Boot lines, if it did restart (USB replug), mark the boot as they arrive (restart-urc).
  // "boot" only gives the sync the longer budget of a module that may still be starting.
  "transport-open": (m) =>
    acting(m)
      ? stay(m)
      : sync(to(m, m.state, m.reason, { pinTriedThisBoot: false }), "boot", "transport-reopened"),
};

/** The `recover` timer: perform the action the ladder scheduled. */
function recoverTimer(m: Machine): Transition {
  const { recovery } = m.ctx;
  if (recovery === undefined || recovery.acting !== undefined) return stay(m);
  const action = pendingAction(m);
  return {
    machine: to(m, m.state, m.reason, { recovery: { ...recovery, acting: action } }),
    effects: [
      // Only actions that restart the module count as resets.
      ...(action === "retry" || action === "resync"
        ? []
        : [{ type: "count-reset" as const, reason: action }]),
      { type: "recover", action },
    ],
  };
}

/** A sync that got no answer: `not-a-modem` until something on the port has answered AT. */
function silentReason(m: Machine): string {
  return m.ctx.answered ? "no-answer" : "not-a-modem";
}

// --- the states ------------------------------------------------------------------------

const off: Rules = {
  start: (m) =>
    sync(to(m, "off", m.reason, { pinTriedThisBoot: false, answered: false }), "probe", "starting"),
  // Not started: nothing the port does concerns us.
  stop: ignore,
  "restart-requested": ignore,
  "restart-urc": ignore,
  "power-down-urc": ignore,
  "transport-closed": ignore,
  "port-unavailable": ignore,
};

const poweringOn: Rules = {
  ...booting,
  powered: (m) => ({
    machine: to(m, "syncing", "powered-on", {
      aliveSeen: false,
      syncRetries: 0,
      pinTriedThisBoot: false,
    }),
    effects: [
      { type: "count-reset", reason: "power-on" },
      { type: "sync", mode: "boot" },
    ],
  }),
  "power-failed": (m) => scheduleRecovery(m, "power-control-failed", false),
};

const syncing: Rules = {
  ...booting,
  "sync-ok": (m) => ({
    machine: to(m, "configuring", m.reason, { syncRetries: 0, answered: true }),
    effects: [{ type: "configure" }],
  }),
  "sync-failed": (m) => {
    const { ctx } = m;
    // Something came out of the UART: it is booting, not off. Pulsing now would switch it off.
    if (ctx.aliveSeen && ctx.syncRetries < 2) {
      return {
        machine: to(m, "syncing", m.reason, { syncRetries: ctx.syncRetries + 1 }),
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
  },
};

const configuring: Rules = {
  "sim-ready": (m) => ({
    machine: to(m, "configuring", m.reason, { simRetries: 0 }),
    effects: [{ type: "setup-sms" }],
  }),
  "sim-pin-required": (m, e) => onSimPinRequired(m, e.attemptsLeft),
  // Never guess a PUK: ten wrong ones destroy the SIM.
  "sim-puk-required": (m) => degraded(m, "sim-puk-required"),
  "sim-unavailable": (m, e) => simRetry(m, e.problem),
  configured: (m) => ({
    machine: to(m, "registering", "configured", { regPolls: 0 }),
    effects: [{ type: "check-registration" }],
  }),
  "step-failed": stepFailed,
};

const simLocked: Rules = {
  "sim-puk-required": (m) => degraded(m, "sim-puk-required"),
  "sim-unavailable": (m, e) => simRetry(m, e.problem),
  "pin-accepted": (m) => ({
    machine: to(m, "configuring", "sim-unlocked"),
    effects: [{ type: "check-sim" }],
  }),
  "pin-rejected": (m) =>
    degraded(to(m, "sim-locked", m.reason, { pinRejected: true }), "sim-pin-rejected"),
  "step-failed": stepFailed,
};

const registering: Rules = {
  ...settled,
  registration: (m, e) => onRegistration(m, e.status),
  timer: (m, e) => (e.name === "reg-poll" ? stay(m, [{ type: "check-registration" }]) : stay(m)),
  "step-failed": stepFailed,
};

const ready: Rules = {
  ...settled,
  ...healthChecked,
  registration: (m, e) => onRegistration(m, e.status),
  timer: (m, e) => (e.name === "health" ? stay(m, [{ type: "health-check" }]) : stay(m)),
  "step-failed": stepFailed,
};

const degradedState: Rules = {
  ...settled,
  ...healthChecked,
  // Degraded by the network: keep following it until it serves us.
  registration: (m, e) => (isNetworkReason(m.reason) ? onRegistration(m, e.status) : stay(m)),
  timer: (m, e) => {
    switch (e.name) {
      case "health":
        return stay(m, [{ type: "health-check" }]);
      case "sim-retry":
        if (!isSimReason(m.reason)) return stay(m);
        return {
          machine: to(m, "configuring", m.reason),
          effects: [{ type: "clear-timers" }, { type: "check-sim" }],
        };
      case "reg-poll":
        return isNetworkReason(m.reason) ? stay(m, [{ type: "check-registration" }]) : stay(m);
      default:
        return stay(m);
    }
  },
  // Degraded by the SIM: a new PIN is worth trying at once.
  "pin-changed": (m) => {
    const fresh = pinChanged(m);
    if (!isSimReason(m.reason)) return stay(fresh);
    return {
      machine: to(fresh, "configuring", "pin-changed"),
      effects: [{ type: "clear-timers" }, { type: "check-sim" }],
    };
  },
  "step-failed": stepFailed,
};

const recovering: Rules = {
  ...healing,
  timer: (m, e) => (e.name === "recover" ? recoverTimer(m) : stay(m)),
};

const failed: Rules = {
  ...healing,
  "port-unavailable": (m, e) => (acting(m) || m.reason === e.problem ? stay(m) : undefined),
  "probe-ok": (m) => (acting(m) ? stay(m) : sync(m, "probe", "answering-again")),
  "probe-failed": (m) => stay(m, [healthTimer(m)]),
  timer: (m, e) => {
    switch (e.name) {
      // The ladder's next step may be minutes away; a cheap AT notices a module that
      // answers again (unplugged and back, its hang ended) within one health interval.
      case "health":
        return acting(m) ? stay(m, [healthTimer(m)]) : stay(m, [{ type: "probe" }]);
      case "recover":
        return recoverTimer(m);
      default:
        return stay(m);
    }
  },
};

const states: Record<ModemState, Rules> = {
  off,
  "powering-on": poweringOn,
  syncing,
  configuring,
  "sim-locked": simLocked,
  registering,
  ready,
  degraded: degradedState,
  recovering,
  failed,
};
