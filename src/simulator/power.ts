import type { ModemCore } from "./core.js";
import type { BootStep } from "./profiles.js";

/**
 * Power and boot: the profile's URC sequence after power-up, the SIM step, the
 * power-down line, reboot, and the virtual PWRKEY — a toggle like the real pin.
 */

function runSteps(core: ModemCore, steps: BootStep[], i: number, done: () => void): void {
  const step = steps[i];
  if (step === undefined) {
    done();
    return;
  }
  core.scheduler.after(step.afterMs * core.timing.bootScale, () => {
    core.uartReady = true;
    core.urc(step.line);
    if (step.smsReady === true) {
      core.smsReady = true;
      core.events.emit("sms-ready");
      core.hooks.smsPossible();
    }
    runSteps(core, steps, i + 1, done);
  });
}

/** Everything volatile back to its power-on default. */
function resetVolatile(core: ModemCore): void {
  core.scheduler.reset();
  core.hooks.reset();
  core.reader.reset();
  core.uartReady = false;
  core.simInitialised = false;
  core.smsReady = false;
  core.attached = false;
  core.hung = false;
  core.shuttingDown = false;
  core.cnmaPending = 0;
  core.settings = core.freshSettings();
  core.resetRegistrationMemory();
}

/** Power applied: boot URCs, then the SIM, then SMS ready. */
export function powerOn(core: ModemCore): void {
  resetVolatile(core);
  core.poweredOn = true;
  core.events.emit("power", true);
  runSteps(core, core.profile.bootBeforeSim, 0, () => {
    core.scheduler.after(core.profile.simReadyAfterMs * core.timing.bootScale, () => {
      core.uartReady = true;
      simStep(core);
    });
  });
}

/** Starts in the "already running" state: no URCs, SIM read, registered, SMS ready. */
export function alreadyOn(core: ModemCore): void {
  resetVolatile(core);
  core.poweredOn = true;
  core.uartReady = true;
  core.simInitialised = true;
  core.smsReady = core.sim.ready;
  core.attached = core.sim.ready;
  core.updateRegistration();
}

/** The module reads the SIM after boot (or after it was inserted / stopped being busy). */
export function simStep(core: ModemCore): void {
  core.simInitialised = true;
  const status = core.sim.status;
  if (status === "busy") return;
  if (status === "absent") {
    core.urc("+CPIN: NOT INSERTED");
    core.updateRegistration();
    return;
  }
  if (status === "READY") {
    core.urc("+CPIN: READY");
    afterSimReady(core);
    return;
  }
  core.urc(`+CPIN: ${status === "blocked" ? "SIM PUK" : status}`);
}

/** SIM ready (at boot or after AT+CPIN): attach to the network, print Call Ready / SMS Ready. */
export function afterSimReady(core: ModemCore): void {
  core.startAttach();
  runSteps(core, core.profile.bootAfterSim, 0, () => {});
}

export function powerOff(core: ModemCore): void {
  if (!core.poweredOn) return;
  resetVolatile(core);
  core.poweredOn = false;
  core.sim.powerLost();
  core.events.emit("power", false);
}

/** Orderly power-down: the profile's line (NORMAL POWER DOWN / POWERED DOWN), then off. */
export function shutdown(core: ModemCore, line: string | null): void {
  if (!core.poweredOn || core.shuttingDown) return;
  core.shuttingDown = true;
  core.scheduler.after(core.profile.powerDownAfterMs * core.timing.bootScale, () => {
    if (line !== null) core.urc(line);
    powerOff(core);
  });
}

/** Reset without warning (brown-out, watchdog, AT+CFUN=1,1): the boot sequence again. */
export function reboot(core: ModemCore): void {
  core.sim.powerLost();
  core.events.emit("reboot");
  powerOn(core);
}

/**
 * PWRKEY as the module sees it: level false = pulled low = pressed. Held low for the
 * profile's on/off time it toggles power (at that moment, even while still held).
 */
export class Pwrkey {
  private level = true;
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly core: ModemCore) {}

  get pressed(): boolean {
    return !this.level;
  }

  set(level: boolean): void {
    if (level === this.level) return;
    this.level = level;
    if (!level) {
      const core = this.core;
      const ms = core.poweredOn ? core.profile.pwrkeyOffMs : core.profile.pwrkeyOnMs;
      this.timer = setTimeout(() => {
        this.timer = undefined;
        if (core.poweredOn) shutdown(core, core.profile.powerDownUrc);
        else powerOn(core);
      }, ms);
    } else this.cancel();
  }

  cancel(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
  }
}
