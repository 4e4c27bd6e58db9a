import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { readUndervoltage } from "../../src/util/undervoltage.js";

/** A fake sysfs tree in a temp directory, as a Raspberry Pi OS kernel lays it out. */
let root: string;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), "smsgw-sysfs-"));
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

async function file(path: string, content: string): Promise<void> {
  await mkdir(dirname(join(root, path)), { recursive: true });
  await writeFile(join(root, path), content);
}
const THROTTLED = "sys/devices/platform/soc/soc:firmware/get_throttled";

describe("under-voltage from the firmware's throttled flags", () => {
  it("is low now and since boot with bits 0 and 16 set (0x50005)", async () => {
    await file(THROTTLED, "50005\n");
    expect(await readUndervoltage(root)).toEqual({ now: true, sinceBoot: true });
  });

  it("was low since boot only with bit 16 (0x10000)", async () => {
    await file(THROTTLED, "0x10000\n");
    expect(await readUndervoltage(root)).toEqual({ now: false, sinceBoot: true });
  });

  it("is fine with 0", async () => {
    await file(THROTTLED, "0\n");
    expect(await readUndervoltage(root)).toEqual({ now: false, sinceBoot: false });
  });

  it("falls back to the rpi_volt hwmon alarm", async () => {
    await file("sys/class/hwmon/hwmon0/name", "cpu_thermal\n");
    await file("sys/class/hwmon/hwmon1/name", "rpi_volt\n");
    await file("sys/class/hwmon/hwmon1/in0_lcrit_alarm", "1\n");
    expect(await readUndervoltage(root)).toEqual({ now: true, sinceBoot: true });
  });

  it("is unknown where the kernel exposes neither", async () => {
    expect(await readUndervoltage(root)).toBeUndefined();
  });
});
