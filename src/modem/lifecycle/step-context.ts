import type { Logger } from "../../log.js";
import { sleep } from "../../util/sleep.js";
import type { AtCommand } from "../at/types.js";
import type { PowerControl } from "../power/types.js";
import type { ModemProfile } from "../profiles/types.js";
import type { LifecycleChannel, StepContext, StepOptions } from "./context.js";
import { guardedRun } from "./guarded-run.js";
import type { ModemInfo } from "./info.js";

export interface StepHost {
  at: LifecycleChannel;
  log: Logger;
  power: PowerControl | undefined;
  options: StepOptions;
  boot: StepContext["boot"];
  fixedProfile: boolean;
  profile(): ModemProfile;
  setProfile(p: ModemProfile): void;
  info(): Readonly<ModemInfo>;
  updateInfo(patch: Partial<ModemInfo>): void;
  warn(code: string, message: string): void;
  /** The module answered a command. */
  ok(): void;
}

/** What one operation works with: commands, waits and sleeps all bound to its abort signal. */
export function createStepContext(signal: AbortSignal, host: StepHost): StepContext {
  return {
    run: (cmd: AtCommand) => guardedRun(host.at, cmd, signal, host.ok),
    waitForUrc: (pred, ms) => host.at.waitForUrc(pred, ms, signal),
    sleep: (ms) => sleep(ms, signal),
    signal,
    log: host.log,
    // Live: configure() may detect the profile half-way through an operation.
    get profile() {
      return host.profile();
    },
    fixedProfile: host.fixedProfile,
    setProfile: host.setProfile,
    get info() {
      return host.info();
    },
    updateInfo: host.updateInfo,
    warn: host.warn,
    power: host.power,
    options: host.options,
    boot: host.boot,
  };
}
