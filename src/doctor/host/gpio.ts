import { headerChip, readGpioChips } from "../../modem/power/gpio-map.js";
import type { CheckOutcome } from "../types.js";
import { type HostFs, inRoot } from "./fs.js";

export interface GpioInfo {
  label: string;
  /** sysfs number of BCM 0 (512 on a Pi 4 since kernel 6.6, …). */
  base: number;
}

/**
 * The header's GPIO chip, for the PWRKEY hint (sysfs number = base + BCM). Informational: a
 * kernel without sysfs GPIO only matters when the modem's power is on a pin.
 */
export async function gpioCheck(
  fs: HostFs,
): Promise<{ outcome: CheckOutcome; info: GpioInfo | null }> {
  const id = "gpio";
  try {
    const chip = headerChip(await readGpioChips(inRoot(fs, "/sys/class/gpio")));
    if (chip === undefined) {
      return {
        outcome: {
          check: { id, ok: null, summary: "no header GPIO chip in /sys/class/gpio" },
          problems: [],
          warnings: [],
        },
        info: null,
      };
    }
    return {
      outcome: {
        check: {
          id,
          ok: true,
          summary: `header GPIO ${chip.label}, sysfs base ${chip.base} (BCM n = gpio ${chip.base}+n)`,
        },
        problems: [],
        warnings: [],
      },
      info: { label: chip.label, base: chip.base },
    };
  } catch {
    return {
      outcome: {
        check: { id, ok: null, summary: "no sysfs GPIO (/sys/class/gpio)" },
        problems: [],
        warnings: [],
      },
      info: null,
    };
  }
}
