import { FakePin } from "../modem/power/fake-pin.js";
import { PinPowerControl } from "../modem/power/pin-power.js";
import type { PowerControl } from "../modem/power/types.js";

/** The simulator's side of PWRKEY: false = pulled low (pressed), as at the module's pin. */
export interface SimulatedPwrkey {
  setPwrkey(level: boolean): void;
}

/**
 * PWRKEY for a simulated modem: a fake GPIO line wired to the simulator's virtual key, active
 * high like the Waveshare SIM7600 HAT (its transistor pulls the module's pin low). With it the
 * recovery ladder's power cycle heals a hung simulator as it heals a hung module.
 */
export function simulatorPower(sim: SimulatedPwrkey): PowerControl {
  const pwrkey = new FakePin();
  pwrkey.on("write", (v: 0 | 1) => sim.setPwrkey(v !== 1));
  const control = new PinPowerControl({ pwrkey, activeLevel: 1 });
  // No STATUS line: like most HATs, the modem is asked with AT whether it is on.
  return { pulse: (ms) => control.pulse(ms), close: () => pwrkey.close() };
}
