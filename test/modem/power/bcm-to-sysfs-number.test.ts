import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { bcmToSysfs, readGpioChips } from "../../../src/modem/power/gpio-map.js";

let root: string;
afterEach(() => rm(root, { recursive: true, force: true }));

/** A fake /sys/class/gpio with the given chips (dir name = gpiochip<base>, as the kernel names them). */
async function sysfs(
  chips: Array<{ label: string; base: number; ngpio: number }>,
): Promise<string> {
  root = await mkdtemp(join(tmpdir(), "smsgw-gpio-"));
  await writeFile(join(root, "export"), "");
  for (const c of chips) {
    const dir = join(root, `gpiochip${c.base}`);
    await mkdir(dir);
    await writeFile(join(dir, "label"), `${c.label}\n`);
    await writeFile(join(dir, "base"), `${c.base}\n`);
    await writeFile(join(dir, "ngpio"), `${c.ngpio}\n`);
  }
  return root;
}

describe("BCM → sysfs GPIO number", () => {
  it("Pi 4 on kernel 6.6+: the header chip starts at 512, BCM 6 is 518", async () => {
    await sysfs([
      { label: "pinctrl-bcm2711", base: 512, ngpio: 58 },
      { label: "raspberrypi-exp-gpio", base: 570, ngpio: 8 },
    ]);
    expect(await bcmToSysfs(6, { sysfsRoot: root })).toBe(518);
  });

  it("Pi 5: the RP1 chip's base is used (BCM 6 → 577 with base 571)", async () => {
    await sysfs([
      { label: "gpio-brcmstb@107d508500", base: 512, ngpio: 32 },
      { label: "gpio-brcmstb@107d517c00", base: 544, ngpio: 15 },
      { label: "pinctrl-rp1", base: 571, ngpio: 54 },
    ]);
    expect(await bcmToSysfs(6, { sysfsRoot: root })).toBe(577);
  });

  it("Pi 0–3 on an old kernel: base 0, BCM 4 is 4", async () => {
    await sysfs([{ label: "pinctrl-bcm2835", base: 0, ngpio: 54 }]);
    expect(await bcmToSysfs(4, { sysfsRoot: root })).toBe(4);
  });

  it("unknown labels: the chip with the most lines (≥ 54) wins", async () => {
    await sysfs([
      { label: "something-small", base: 600, ngpio: 8 },
      { label: "vendor-pinctrl", base: 512, ngpio: 58 },
    ]);
    expect(await bcmToSysfs(6, { sysfsRoot: root })).toBe(518);
  });

  it("reads label, base and line count of every chip", async () => {
    await sysfs([{ label: "pinctrl-bcm2711", base: 512, ngpio: 58 }]);
    expect(await readGpioChips(root)).toEqual([
      { name: "gpiochip512", label: "pinctrl-bcm2711", base: 512, ngpio: 58 },
    ]);
  });

  it("no sysfs GPIO at all is a clear error", async () => {
    root = await mkdtemp(join(tmpdir(), "smsgw-gpio-"));
    await expect(bcmToSysfs(6, { sysfsRoot: join(root, "missing") })).rejects.toMatchObject({
      code: "modem.gpio-unavailable",
    });
  });

  it("no Raspberry Pi chip is a clear error", async () => {
    await sysfs([{ label: "tiny", base: 0, ngpio: 8 }]);
    await expect(bcmToSysfs(6, { sysfsRoot: root })).rejects.toMatchObject({
      code: "modem.gpio-no-chip",
    });
  });

  it("a BCM number beyond the chip is refused", async () => {
    await sysfs([{ label: "pinctrl-bcm2711", base: 512, ngpio: 58 }]);
    await expect(bcmToSysfs(60, { sysfsRoot: root })).rejects.toMatchObject({
      code: "modem.gpio-invalid-pin",
    });
  });
});
