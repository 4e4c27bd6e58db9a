/** Logic level of a GPIO line as the kernel sees it (before any HAT inverter). */
export type PinLevel = 0 | 1;

/** A GPIO line: the small surface the power code needs, so tests can use a fake. */
export interface DigitalPin {
  write(value: PinLevel): Promise<void>;
  read(): Promise<PinLevel>;
  /** Release the line (unexport). Safe to call twice. */
  close(): Promise<void>;
}

/**
 * How the modem is switched. `pulse()` presses PWRKEY (a toggle on every module family: the same
 * pulse switches a running modem off), so callers check with `AT` (or `isOn()`) first.
 */
export interface PowerControl {
  /** Press PWRKEY for `ms` (default: the configured on-pulse) and release it. */
  pulse(ms?: number): Promise<void>;
  /** From a STATUS pin when the HAT wires one; absent otherwise. */
  isOn?(): Promise<boolean>;
  close?(): Promise<void>;
}
