import type { Logger } from "../../log.js";
import type { AtCommand, AtResponse, Urc } from "../at/types.js";
import type { PowerControl } from "../power/types.js";
import type { ModemProfile } from "../profiles/types.js";
import type { ModemInfo } from "./info.js";

/** The channel surface the lifecycle needs (AtChannel satisfies it). */
export interface LifecycleChannel {
  run(cmd: AtCommand): Promise<AtResponse>;
  waitForUrc(pred: (u: Urc) => boolean, timeoutMs: number, signal?: AbortSignal): Promise<Urc>;
  readonly isOpen: boolean;
}

/** What every step gets: commands bound to the current operation's abort signal, and state. */
export interface StepContext {
  run(cmd: AtCommand): Promise<AtResponse>;
  waitForUrc(pred: (u: Urc) => boolean, timeoutMs: number): Promise<Urc>;
  sleep(ms: number): Promise<void>;
  signal: AbortSignal;
  log: Logger;
  profile: ModemProfile;
  /** Profile forced by config (no auto-detection). */
  fixedProfile: boolean;
  setProfile(p: ModemProfile): void;
  info: Readonly<ModemInfo>;
  updateInfo(patch: Partial<ModemInfo>): void;
  warn(code: string, message: string): void;
  power: PowerControl | undefined;
  options: StepOptions;
  /**
   * Per boot: whether a power-up was observed and whether its SMS-ready URC came. `assumed`:
   * only our own restart action marked it (no boot line seen yet), so it is withdrawn if
   * that action fails — a module that did not restart sends no SMS-ready URC to wait for.
   */
  boot: { observed: boolean; smsReady: boolean; assumed: boolean };
}

export interface StepOptions {
  pin: string | undefined;
  /** SMS storage for AT+CPMS (default "SM"). */
  storage: string;
  /** Quick probe: is it on? */
  probeMs: number;
  /** Override the profile's PWRKEY/boot timings. */
  powerTiming: Partial<ModemProfile["power"]>;
  /** Interval of AT retries while syncing. */
  syncIntervalMs: number;
  /** Retry interval of the SMS-works probe when no SMS-ready URC will come. */
  smsProbeIntervalMs: number;
}
