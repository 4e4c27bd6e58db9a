/** The modem's life, from power-off to ready and back. */
export type ModemState =
  | "off"
  | "powering-on"
  | "syncing"
  | "configuring"
  | "sim-locked"
  | "registering"
  | "ready"
  | "degraded"
  | "recovering"
  | "failed";

export const MODEM_STATES: readonly ModemState[] = [
  "off",
  "powering-on",
  "syncing",
  "configuring",
  "sim-locked",
  "registering",
  "ready",
  "degraded",
  "recovering",
  "failed",
];

/** The healing ladder, mildest first. */
export type RecoveryAction = "retry" | "resync" | "cfun-reset" | "power-cycle" | "reopen";
export const RECOVERY_LADDER: readonly RecoveryAction[] = [
  "retry",
  "resync",
  "cfun-reset",
  "power-cycle",
  "reopen",
];

/** What a registration check found, already classified for SMS (1/6/9 home, 5/7/10 roaming). */
export type RegistrationStatus = "home" | "roaming" | "searching" | "denied" | "unregistered";

export type SimProblem = "sim-absent" | "sim-busy" | "sim-failure";

/** The port itself is the problem (a human must act): also the reason of state `failed`. */
export type PortProblem = "no-port" | "port-access-denied" | "port-busy";

export type TimerName = "health" | "sim-retry" | "reg-poll" | "recover";

export type MachineEvent =
  | { type: "start" }
  | { type: "stop" }
  | { type: "sync-ok" }
  | { type: "sync-failed"; error?: string }
  | { type: "powered" }
  | { type: "power-failed"; error: string }
  /** Anything the modem printed (a sign of life while syncing). */
  | { type: "modem-output" }
  /** `RDY`: the module has just started. */
  | { type: "restart-urc" }
  /** Later boot lines (`Call Ready`, `+CFUN: 1`, `SMS DONE`) seen out of context. */
  | { type: "boot-urc" }
  /** `NORMAL POWER DOWN`, `POWERED DOWN`, `UNDER-VOLTAGE POWER DOWN`. */
  | { type: "power-down-urc" }
  | { type: "sim-ready" }
  | { type: "sim-pin-required"; attemptsLeft?: number }
  | { type: "sim-puk-required" }
  | { type: "sim-unavailable"; problem: SimProblem }
  | { type: "pin-accepted" }
  | { type: "pin-rejected" }
  /** SMS set-up done (CMGF, CPMS, CNMI). */
  | { type: "configured" }
  /** An AT step of the set-up did not answer (timeout, port closed). */
  | { type: "step-failed"; error: string }
  | { type: "registration"; status: RegistrationStatus }
  | { type: "timer"; name: TimerName }
  | { type: "health-ok" }
  | { type: "health-failed"; error: string }
  /** The module answers but lost our settings (rebooted without saying so). */
  | { type: "config-lost" }
  | { type: "recovery-done" }
  | { type: "recovery-failed"; error: string }
  | { type: "transport-closed" }
  | { type: "transport-open" }
  /** Opening the port failed for a reason waiting alone will not fix (missing, no permission). */
  | { type: "port-unavailable"; problem: PortProblem }
  /** Once failed: a cheap `AT` between the slow ladder steps answered (or not). */
  | { type: "probe-ok" }
  | { type: "probe-failed" }
  /** A human supplied a (new) PIN: clears `sim-pin-rejected`. */
  | { type: "pin-changed" }
  /** A human asked for the module to be restarted (the web UI's System page). */
  | { type: "restart-requested" };

export type MachineEffect =
  /** AT until OK. probe: short (is it on?); boot: up to the module's boot time. */
  | { type: "sync"; mode: "probe" | "boot" }
  | { type: "power-on" }
  /** ATE0, AT+CMEE=1, identity/profile, radio on, AT+CPIN? → a sim-* event. */
  | { type: "configure" }
  /** AT+CPIN? only → a sim-* event. */
  | { type: "check-sim" }
  | { type: "enter-pin" }
  /** Wait until SMS works, then AT+CMGF=0, AT+CPMS, AT+CNMI, registration URCs → configured. */
  | { type: "setup-sms" }
  | { type: "check-registration" }
  | { type: "health-check" }
  /** Once failed: one short `AT` sync, so a module that answers again is noticed soon. */
  | { type: "probe" }
  /** A boot line out of context: check that our settings survive (→ config-lost / nothing). */
  | { type: "verify-config" }
  | { type: "recover"; action: RecoveryAction }
  | { type: "set-timer"; name: TimerName; ms: number }
  | { type: "clear-timers" }
  | { type: "alert"; rounds: number; reason: string }
  /** Count a reset of the module by reason (counters). */
  | { type: "count-reset"; reason: string }
  /** The module (re)booted: forget the SMS-ready URC and the per-boot PIN. */
  | { type: "boot-observed" };

export interface MachineConfig {
  hasPin: boolean;
  hasPower: boolean;
  allowRoaming: boolean;
  /** Ladder rounds before `failed` (and an alert). */
  maxRounds: number;
  /** Backoff between recovery steps: base·2^n up to max. */
  recoverBaseMs: number;
  recoverMaxMs: number;
  /** Between steps once failed (keep trying, slowly). */
  failedRetryMs: number;
  simRetryBaseMs: number;
  simRetryMaxMs: number;
  healthIntervalMs: number;
  regPollMs: number;
  /** Polls while registering before reporting `no-network` (then poll every regPollSlowMs). */
  regPollLimit: number;
  regPollSlowMs: number;
}

export const DEFAULT_MACHINE_CONFIG: MachineConfig = {
  hasPin: false,
  hasPower: false,
  allowRoaming: false,
  maxRounds: 3,
  recoverBaseMs: 1000,
  recoverMaxMs: 60_000,
  failedRetryMs: 300_000,
  simRetryBaseMs: 2000,
  simRetryMaxMs: 120_000,
  healthIntervalMs: 60_000,
  regPollMs: 2000,
  regPollLimit: 30,
  regPollSlowMs: 30_000,
};

export interface RecoveryProgress {
  round: number;
  /** Index into the ladder of the next action. */
  step: number;
  /** Actions taken so far (drives the backoff). */
  attempts: number;
  /** The action being performed, while it runs. */
  acting?: RecoveryAction;
  /** A health failure in a settled state returns there when a plain retry works. */
  resume?: { state: "ready" | "degraded"; reason: string };
}

export interface MachineContext {
  config: MachineConfig;
  /** The PIN has been sent since the module last booted (at most once per boot). */
  pinTriedThisBoot: boolean;
  /** The module said no to our PIN: never again until a human acts. */
  pinRejected: boolean;
  /** An on-pulse was already given in this sync episode. */
  powerTried: boolean;
  /** The module printed something while we synced (booting: don't pulse, it would switch off). */
  aliveSeen: boolean;
  /** Extra boot-length syncs granted because the module showed signs of life. */
  syncRetries: number;
  /**
   * Something on the port has answered AT since start. Until then a silent or garbled port is
   * reported as `not-a-modem` (wrong port, wrong baud rate, unpowered module), and one round of
   * the ladder is enough to say so.
   */
  answered: boolean;
  simRetries: number;
  regPolls: number;
  recovery?: RecoveryProgress;
}

export interface Machine {
  state: ModemState;
  /** Why we are in this state (`modem-rebooted`, `sim-pin-rejected`, `no-network`, …). */
  reason: string;
  ctx: MachineContext;
}

export interface Transition {
  machine: Machine;
  effects: MachineEffect[];
}
