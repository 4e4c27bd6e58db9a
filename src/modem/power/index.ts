export {
  bcmToSysfs,
  DEFAULT_SYSFS_GPIO_ROOT,
  type GpioChip,
  HEADER_CHIP_LABELS,
  headerChip,
  readGpioChips,
} from "./gpio-map.js";
export {
  createGpioPowerControl,
  type GpioPowerConfig,
  type GpioPowerDeps,
  withProfileDefaults,
} from "./gpio-power.js";
export { type OnoffLoader, type OnoffPinOptions, openOnoffPin } from "./onoff-pin.js";
export { asPowerControl, PinPowerControl, type PinPowerOptions } from "./pin-power.js";
export type { DigitalPin, PinLevel, PowerControl } from "./types.js";
