import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";

/**
 * Raspberry Pi under-voltage, as the firmware reports it: a SIM800 draws 2 A bursts when it
 * transmits, and a weak supply browns out the Pi or the module ("the modem hangs").
 * `now`: bit 0 of the firmware's throttled flags; `sinceBoot`: bit 16.
 */
export interface Undervoltage {
  now: boolean;
  sinceBoot: boolean;
}

/** Where the kernel exposes the firmware's `get_throttled` flags (Raspberry Pi OS kernels). */
const THROTTLED = "sys/devices/platform/soc/soc:firmware/get_throttled";
/** The hwmon driver `rpi_volt` (newer kernels) says only whether it is low now. */
const HWMON = "sys/class/hwmon";

/**
 * Reads the flags below `root` ("/" on the host; a temp tree in tests). undefined when the
 * kernel exposes neither (not a Pi, or a kernel without them).
 */
export async function readUndervoltage(root = "/"): Promise<Undervoltage | undefined> {
  const flags = await text(join(root, THROTTLED));
  if (flags !== undefined) {
    const value = Number.parseInt(flags.replace(/^0x/i, ""), 16);
    if (Number.isFinite(value))
      return { now: (value & 0x1) !== 0, sinceBoot: (value & 0x10000) !== 0 };
  }
  let entries: string[];
  try {
    entries = await readdir(join(root, HWMON));
  } catch {
    return undefined;
  }
  for (const entry of entries) {
    const dir = join(root, HWMON, entry);
    if ((await text(join(dir, "name"))) !== "rpi_volt") continue;
    const alarm = await text(join(dir, "in0_lcrit_alarm"));
    if (alarm === undefined) return undefined;
    const now = alarm === "1";
    return { now, sinceBoot: now };
  }
  return undefined;
}

async function text(file: string): Promise<string | undefined> {
  try {
    return (await readFile(file, "utf8")).trim();
  } catch {
    return undefined;
  }
}
