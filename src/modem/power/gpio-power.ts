import { SmsgwError } from "../../errors.js";
import type { ModemProfile } from "../profiles/types.js";
import { bcmToSysfs } from "./gpio-map.js";
import { type OnoffLoader, openOnoffPin } from "./onoff-pin.js";
import { asPowerControl, PinPowerControl } from "./pin-power.js";
import type { DigitalPin, PinLevel, PowerControl } from "./types.js";

/** `modem.power` in the config: BCM numbers, never sysfs numbers (those change per kernel). */
export interface GpioPowerConfig {
  /** BCM number of PWRKEY (Waveshare SIM7600 HAT: 6; SIM868 HAT: 4). */
  pwrkeyPin: number;
  activeLevel?: PinLevel;
  pulseMs?: number;
  statusPin?: number;
  statusOnLevel?: PinLevel;
}

export interface GpioPowerDeps {
  /** sysfs root for the BCM → global number mapping (tests use a temp dir). */
  sysfsRoot?: string;
  /** Opens a pin by its sysfs number (default: onoff, loaded lazily). */
  openPin?: (sysfsNumber: number, direction: "in" | "high" | "low") => Promise<DigitalPin>;
  loader?: OnoffLoader;
}

/** PowerControl over real GPIO: map BCM → sysfs, open PWRKEY at its idle level, STATUS as input. */
export async function createGpioPowerControl(
  config: GpioPowerConfig,
  deps: GpioPowerDeps = {},
): Promise<PowerControl> {
  const mapOpts = deps.sysfsRoot === undefined ? {} : { sysfsRoot: deps.sysfsRoot };
  const open =
    deps.openPin ??
    ((n: number, direction: "in" | "high" | "low") =>
      openOnoffPin(n, { direction, ...(deps.loader ? { loader: deps.loader } : {}) }));
  const active = config.activeLevel ?? 1;
  // Opening as "low"/"high" sets the idle level atomically with the direction (no stray press).
  const pwrkey = await open(
    await bcmToSysfs(config.pwrkeyPin, mapOpts),
    active === 1 ? "low" : "high",
  );
  let status: DigitalPin | undefined;
  if (config.statusPin !== undefined) {
    try {
      status = await open(await bcmToSysfs(config.statusPin, mapOpts), "in");
    } catch (err) {
      await pwrkey.close();
      throw err;
    }
  }
  const control = new PinPowerControl({
    pwrkey,
    activeLevel: active,
    ...(config.pulseMs === undefined ? {} : { pulseMs: config.pulseMs }),
    ...(status === undefined ? {} : { status }),
    ...(config.statusOnLevel === undefined ? {} : { statusOnLevel: config.statusOnLevel }),
  });
  return asPowerControl(control);
}

/**
 * Fill the PWRKEY pin and polarity from the profile's HAT defaults (Waveshare SIM7600: BCM 6,
 * active high; SIM868: BCM 4, active low) where the config leaves them out.
 */
export function withProfileDefaults(
  config: Partial<GpioPowerConfig>,
  profile: ModemProfile,
): GpioPowerConfig {
  const pwrkeyPin = config.pwrkeyPin ?? profile.power.defaultPwrkeyBcm;
  if (pwrkeyPin === undefined) {
    throw new SmsgwError(
      "config.invalid",
      `modem.power.pwrkeyPin is required: ${profile.name} has no known HAT default`,
    );
  }
  const activeLevel = config.activeLevel ?? profile.power.defaultActiveLevel;
  return {
    ...config,
    pwrkeyPin,
    ...(activeLevel === undefined ? {} : { activeLevel }),
  };
}
