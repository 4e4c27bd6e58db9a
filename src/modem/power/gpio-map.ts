import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { SmsgwError } from "../../errors.js";

export const DEFAULT_SYSFS_GPIO_ROOT = "/sys/class/gpio";

/**
 * pinctrl labels of the chip that carries the 40-pin header: Pi 0–3, Pi 4, Pi 5.
 * Since kernel 6.6 that chip's sysfs base is dynamic (512 on a Pi 4, 571 on a Pi 5, …), and onoff
 * writes the number it is given verbatim, so a BCM number must be translated first.
 */
export const HEADER_CHIP_LABELS = ["pinctrl-bcm2835", "pinctrl-bcm2711", "pinctrl-rp1"] as const;

export interface GpioChip {
  /** Directory name under the sysfs root, e.g. `gpiochip512` (its suffix is the base, not /dev/gpiochipN). */
  name: string;
  label: string;
  base: number;
  ngpio: number;
}

/** Every `gpiochip*` under the sysfs root with its label, base and line count. */
export async function readGpioChips(root = DEFAULT_SYSFS_GPIO_ROOT): Promise<GpioChip[]> {
  let entries: string[];
  try {
    entries = await readdir(root);
  } catch (err) {
    throw new SmsgwError(
      "modem.gpio-unavailable",
      `${root} is missing: this kernel has no sysfs GPIO (CONFIG_GPIO_SYSFS); use a modem without power control or drive PWRKEY with gpioset/pinctrl`,
      { cause: err, details: { root } },
    );
  }
  const chips: GpioChip[] = [];
  for (const name of entries.filter((e) => e.startsWith("gpiochip")).sort()) {
    const dir = join(root, name);
    const [label, base, ngpio] = await Promise.all([
      readText(join(dir, "label")),
      readText(join(dir, "base")),
      readText(join(dir, "ngpio")),
    ]);
    const baseNum = toInt(base);
    if (label === undefined || baseNum === undefined) continue;
    chips.push({ name, label, base: baseNum, ngpio: toInt(ngpio) ?? 0 });
  }
  return chips;
}

/** The chip with the header GPIOs: by pinctrl label, else the one with the most lines (≥ 54). */
export function headerChip(chips: readonly GpioChip[]): GpioChip | undefined {
  for (const label of HEADER_CHIP_LABELS) {
    const hit = chips.find((c) => c.label === label);
    if (hit !== undefined) return hit;
  }
  const big = chips.filter((c) => c.ngpio >= 54).sort((a, b) => b.ngpio - a.ngpio);
  return big[0];
}

/** BCM number → the number to write to `<root>/export` (and to give onoff). */
export async function bcmToSysfs(bcm: number, opts: { sysfsRoot?: string } = {}): Promise<number> {
  const root = opts.sysfsRoot ?? DEFAULT_SYSFS_GPIO_ROOT;
  if (!Number.isInteger(bcm) || bcm < 0) {
    throw new SmsgwError(
      "modem.gpio-invalid-pin",
      `BCM pin must be a non-negative integer, got ${bcm}`,
    );
  }
  const chips = await readGpioChips(root);
  const chip = headerChip(chips);
  if (chip === undefined) {
    throw new SmsgwError(
      "modem.gpio-no-chip",
      `no Raspberry Pi GPIO chip (${HEADER_CHIP_LABELS.join(", ")}) under ${root}`,
      { details: { root, chips: chips.map((c) => `${c.name}:${c.label}`) } },
    );
  }
  if (chip.ngpio > 0 && bcm >= chip.ngpio) {
    throw new SmsgwError(
      "modem.gpio-invalid-pin",
      `BCM ${bcm} is beyond ${chip.label}'s ${chip.ngpio} lines`,
      { details: { bcm, chip: chip.name } },
    );
  }
  return chip.base + bcm;
}

async function readText(path: string): Promise<string | undefined> {
  try {
    return (await readFile(path, "utf8")).trim();
  } catch {
    return undefined;
  }
}

function toInt(text: string | undefined): number | undefined {
  return text !== undefined && /^\d+$/.test(text) ? Number(text) : undefined;
}
