import type { ModemCore } from "./core.js";
import type { BootStep, Profile } from "./profiles.js";

/**
 * Power and boot: the profile's URC sequence after power-up, the SIM step, the power-down
 * line, reboot, firmware hangs, and the virtual PWRKEY — a toggle like the real pin.
 */
export class SimPower {
  private powered = false;
  /** UART answers (after the profile's first boot step, e.g. RDY). */
  private uart = false;
  /** Firmware hung: no echo, no answers, no URCs. */
  private frozen = false;
  /** A power-down has begun (URC pending). */
  private shuttingDown = false;

  constructor(private readonly core: ModemCore) {}

  /** Power applied (true while booting too). */
  get poweredOn(): boolean {
    return this.powered;
  }
  get uartReady(): boolean {
    return this.uart;
  }
  get hung(): boolean {
    return this.frozen;
  }
  /** Reads its UART and prints URCs: powered, past its first boot line, not hung. */
  get listening(): boolean {
    return this.powered && this.uart && !this.frozen;
  }
  /** Can write to its UART at all: powered and not hung. */
  get talking(): boolean {
    return this.powered && !this.frozen;
  }

  hang(on: boolean): void {
    this.frozen = on;
  }

  /** Power applied: boot URCs, then the SIM, then SMS ready. */
  on(): void {
    const { core } = this;
    this.reset();
    this.powered = true;
    core.events.emit("power", true);
    this.runSteps(core.profile.bootBeforeSim, 0, () => {
      core.scheduler.after(core.profile.simReadyAfterMs * core.timing.bootScale, () => {
        this.uart = true;
        core.sim.readCard();
      });
    });
  }

  /** Starts in the "already running" state: no URCs, SIM read, registered, SMS ready. */
  alreadyOn(): void {
    this.reset();
    this.powered = true;
    this.uart = true;
    this.core.sim.assumeRead();
    this.core.network.assumeAttached(this.core.sim.card.ready);
  }

  /** The boot lines that follow SIM ready (Call Ready, SMS Ready). */
  afterSimReady(): void {
    this.runSteps(this.core.profile.bootAfterSim, 0, () => {});
  }

  /** Power cut: silent, immediate. */
  off(): void {
    if (!this.powered) return;
    this.reset();
    this.powered = false;
    this.core.sim.card.powerLost();
    this.core.events.emit("power", false);
  }

  /** Orderly power-down: the profile's line (NORMAL POWER DOWN / POWERED DOWN), then off. */
  shutdown(line: string | null): void {
    const { core } = this;
    if (!this.powered || this.shuttingDown) return;
    this.shuttingDown = true;
    core.scheduler.after(core.profile.powerDownAfterMs * core.timing.bootScale, () => {
      if (line !== null) core.urc(line);
      this.off();
    });
  }

  /** Reset without warning (brown-out, watchdog, AT+CFUN=1,1): the boot sequence again. */
  reboot(): void {
    this.core.sim.card.powerLost();
    this.core.events.emit("reboot");
    this.on();
  }

  /** Everything volatile back to its power-on default. */
  private reset(): void {
    this.uart = false;
    this.frozen = false;
    this.shuttingDown = false;
    this.core.forgetVolatile();
  }

  private runSteps(steps: BootStep[], i: number, done: () => void): void {
    const { core } = this;
    const step = steps[i];
    if (step === undefined) {
      done();
      return;
    }
    core.scheduler.after(step.afterMs * core.timing.bootScale, () => {
      this.uart = true;
      core.urc(step.line);
      if (step.smsReady === true) core.sim.markSmsReady();
      this.runSteps(steps, i + 1, done);
    });
  }
}

/**
 * PWRKEY as the module sees it: level false = pulled low = pressed. Held low for the
 * profile's on/off time it toggles power (at that moment, even while still held).
 */
export class Pwrkey {
  private level = true;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly power: SimPower,
    private readonly profile: Profile,
  ) {}

  get pressed(): boolean {
    return !this.level;
  }

  set(level: boolean): void {
    if (level === this.level) return;
    this.level = level;
    if (!level) {
      const { power, profile } = this;
      const ms = power.poweredOn ? profile.pwrkeyOffMs : profile.pwrkeyOnMs;
      this.timer = setTimeout(() => {
        this.timer = undefined;
        if (power.poweredOn) power.shutdown(profile.powerDownUrc);
        else power.on();
      }, ms);
    } else this.cancel();
  }

  cancel(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
  }
}
