import { sleep } from "../../util/sleep.js";
import type { DigitalPin, PinLevel, PowerControl } from "./types.js";

export interface PinPowerOptions {
  pwrkey: DigitalPin;
  /**
   * Level that "presses" PWRKEY. Waveshare SIM7600 HAT: 1 (a transistor inverts it); SIM868 HAT
   * libraries drive 0. Default 1.
   */
  activeLevel?: PinLevel;
  /** Default pulse length when `pulse()` gets none. */
  pulseMs?: number;
  /** STATUS output of the module, when the HAT wires it to a GPIO. */
  status?: DigitalPin;
  /** Level of STATUS while the module is on (default 1). */
  statusOnLevel?: PinLevel;
}

/** PWRKEY pulse over a GPIO, plus an optional STATUS read. */
export class PinPowerControl implements PowerControl {
  private readonly opts: PinPowerOptions;
  private busy: Promise<void> = Promise.resolve();

  constructor(opts: PinPowerOptions) {
    this.opts = opts;
  }

  get activeLevel(): PinLevel {
    return this.opts.activeLevel ?? 1;
  }

  /** Drive the idle level (call once after opening, so the key is not left pressed). */
  async release(): Promise<void> {
    await this.opts.pwrkey.write(this.inactive());
  }

  /** Press for `ms`, then release. Pulses never overlap (a second one waits for the first). */
  pulse(ms?: number): Promise<void> {
    const length = ms ?? this.opts.pulseMs ?? 2000;
    const run = this.busy.then(async () => {
      await this.opts.pwrkey.write(this.activeLevel);
      try {
        await sleep(length);
      } finally {
        await this.opts.pwrkey.write(this.inactive());
      }
    });
    this.busy = run.catch(() => undefined);
    return run;
  }

  get hasStatus(): boolean {
    return this.opts.status !== undefined;
  }

  async isOn(): Promise<boolean> {
    const status = this.opts.status;
    if (status === undefined) throw new Error("no STATUS pin configured");
    return (await status.read()) === (this.opts.statusOnLevel ?? 1);
  }

  async close(): Promise<void> {
    await this.opts.pwrkey.close();
    await this.opts.status?.close();
  }

  private inactive(): PinLevel {
    return this.activeLevel === 1 ? 0 : 1;
  }
}

/** A PowerControl whose isOn() exists only when a STATUS pin does (callers test `isOn` presence). */
export function asPowerControl(p: PinPowerControl): PowerControl {
  if (p.hasStatus) return p;
  return { pulse: (ms) => p.pulse(ms), close: () => p.close() };
}
