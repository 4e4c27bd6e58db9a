import type { AtChannel } from "../at/channel.js";
import type { PowerControl } from "../power/types.js";
import type { ModemProfile, ProfileId } from "../profiles/types.js";
import type { StepOptions } from "./context.js";
import type { MachineConfig, ModemState } from "./types.js";

/** How long a lifecycle command may wait in the queue behind others (a CMGS may hold it ~180 s). */
export const QUEUE_SLACK_MS = 200_000;

/** The ladder's reopen step gives up after this long (a USB-serial open can hang in the driver). */
export const REOPEN_TIMEOUT_MS = 30_000;

export interface ModemOptions {
  channel: AtChannel;
  /** PWRKEY (and STATUS) control; omit for USB modems and HATs that power themselves. */
  power?: PowerControl;
  /** "auto" (default): detect from AT+CGMM/ATI. Or a profile id / model name ("SIM868", "EC25"). */
  profile?: ProfileId | "auto" | (string & {});
  /** SIM PIN, entered at most once per boot. Never logged. */
  pin?: string;
  allowRoaming?: boolean;
  /** SMS storage for AT+CPMS (default "SM"). */
  storage?: string;
  /** PWRKEY/boot timings overriding the profile's. */
  powerTiming?: Partial<ModemProfile["power"]>;
  /** Lifecycle timings (health interval, backoff, rounds before `failed`, …). */
  timing?: Partial<Omit<MachineConfig, "hasPin" | "hasPower" | "allowRoaming">> &
    Partial<Pick<StepOptions, "probeMs" | "syncIntervalMs" | "smsProbeIntervalMs">> & {
      /** How often AT+CSQ is read where the module answers (default: the health interval). */
      signalIntervalMs?: number;
    };
  /** How to reopen the transport (default: `channel.reopen()` if the channel has one, else stop() + start()). */
  reopen?: () => Promise<void>;
}

export interface StateChange {
  from: ModemState;
  to: ModemState;
  reason: string;
  /** ISO 8601. */
  at: string;
}

/** Step options with their defaults filled in. */
export function stepOptions(opts: ModemOptions, pin: string | undefined): StepOptions {
  return {
    pin,
    storage: opts.storage ?? "SM",
    probeMs: opts.timing?.probeMs ?? 5000,
    powerTiming: opts.powerTiming ?? {},
    syncIntervalMs: opts.timing?.syncIntervalMs ?? 1000,
    smsProbeIntervalMs: opts.timing?.smsProbeIntervalMs ?? 2000,
  };
}
