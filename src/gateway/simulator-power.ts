import { PinPowerControl } from "../modem/power/pin-power.js";
import type { DigitalPin, PinLevel, PowerControl } from "../modem/power/types.js";

/** The simulator's side of PWRKEY: false = pulled low (pressed), as at the module's pin. */
export interface SimulatedPwrkey {
  setPwrkey(level: boolean): void;
}

/**
 * PWRKEY for a simulated modem: a GPIO line wired to the simulator's virtual key, active high
 * like the Waveshare SIM7600 HAT (its transistor pulls the module's pin low). With it the
 * recovery ladder's power cycle heals a hung simulator as it heals a hung module.
 */
export function simulatorPower(sim: SimulatedPwrkey): PowerControl {
  let level: PinLevel = 0;
  const pwrkey: DigitalPin = {
    async write(value) {
      level = value;
      sim.setPwrkey(value !== 1);
    },
    read: async () => level,
    close: async () => {},
  };
  const control = new PinPowerControl({ pwrkey, activeLevel: 1 });
  // No STATUS line: like most HATs, the modem is asked with AT whether it is on.
  return { pulse: (ms) => control.pulse(ms), close: () => control.close() };
}
