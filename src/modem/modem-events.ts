import type { ModemInfo } from "./lifecycle/info.js";
import type { StateChange } from "./lifecycle/options.js";
import type { RecoveryAction } from "./lifecycle/types.js";

/** Recovery gave up for now (the modem is `failed`; it keeps retrying slowly). */
export interface ModemAlert {
  reason: string;
  rounds: number;
  /** ISO 8601. */
  at: string;
}

/** A condition worth one log line and one notice (each code once per process). */
export interface ModemWarning {
  code: string;
  message: string;
}

/** The module restarted on its own (or was reset by us). */
export interface ModemReset {
  reason: string;
  /** ISO 8601. */
  at: string;
}

/** The healing ladder takes a step (retry, resync, cfun-reset, power-cycle, reopen). */
export interface ModemRecovery {
  action: RecoveryAction;
  /** ISO 8601. */
  at: string;
}

/** What a `Modem` emits. */
export interface ModemEvents {
  state: [StateChange];
  /** The module said SMS works now (its SMS-ready URC, or a probe that succeeded). */
  "sms-ready": [];
  /** What we learned of the modem changed (identity, network, signal, storage). */
  info: [ModemInfo];
  alert: [ModemAlert];
  warning: [ModemWarning];
  reset: [ModemReset];
  recovery: [ModemRecovery];
}
