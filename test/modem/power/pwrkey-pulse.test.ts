import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { createGpioPowerControl } from "../../../src/modem/power/gpio-power.js";
import { PinPowerControl } from "../../../src/modem/power/pin-power.js";
import { FakePin } from "../../support/fake-pin.js";

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe("PWRKEY pulse", () => {
  it("drives the active level for the pulse length, then releases", async () => {
    const pin = new FakePin();
    const power = new PinPowerControl({ pwrkey: pin, activeLevel: 1 });
    const done = power.pulse(2000);
    await vi.advanceTimersByTimeAsync(1999);
    expect(pin.level).toBe(1);
    await vi.advanceTimersByTimeAsync(1);
    await done;
    expect(pin.pulses(1)).toEqual([{ start: expect.any(Number), ms: 2000 }]);
    expect(pin.level).toBe(0);
  });

  it("active-low HATs (SIM868) press by driving 0", async () => {
    const pin = new FakePin({ initial: 1 });
    const power = new PinPowerControl({ pwrkey: pin, activeLevel: 0 });
    const done = power.pulse(1500);
    await vi.advanceTimersByTimeAsync(1500);
    await done;
    expect(pin.writes.map((w) => w.value)).toEqual([0, 1]);
  });

  it("uses the configured default length", async () => {
    const pin = new FakePin();
    const done = new PinPowerControl({ pwrkey: pin, pulseMs: 600 }).pulse();
    await vi.advanceTimersByTimeAsync(600);
    await done;
    expect(pin.pulses()[0]?.ms).toBe(600);
  });

  it("two pulses never overlap", async () => {
    const pin = new FakePin();
    const power = new PinPowerControl({ pwrkey: pin });
    const a = power.pulse(1000);
    const b = power.pulse(1000);
    await vi.advanceTimersByTimeAsync(2000);
    await Promise.all([a, b]);
    expect(pin.writes.map((w) => w.value)).toEqual([1, 0, 1, 0]);
  });

  it("reads STATUS for isOn()", async () => {
    const status = new FakePin({ initial: 1 });
    const power = new PinPowerControl({ pwrkey: new FakePin(), status });
    expect(await power.isOn()).toBe(true);
    status.level = 0;
    expect(await power.isOn()).toBe(false);
  });
});

describe("GPIO power control from config", () => {
  let root: string;
  afterEach(() => rm(root, { recursive: true, force: true }));

  it("maps BCM numbers through sysfs and opens PWRKEY at its idle level", async () => {
    root = await mkdtemp(join(tmpdir(), "smsgw-gpio-"));
    await mkdir(join(root, "gpiochip512"));
    await writeFile(join(root, "gpiochip512", "label"), "pinctrl-bcm2711\n");
    await writeFile(join(root, "gpiochip512", "base"), "512\n");
    await writeFile(join(root, "gpiochip512", "ngpio"), "58\n");
    const opened: Array<[number, string]> = [];
    const power = await createGpioPowerControl(
      { pwrkeyPin: 6, activeLevel: 1, statusPin: 5 },
      {
        sysfsRoot: root,
        openPin: async (n, dir) => {
          opened.push([n, dir]);
          return new FakePin();
        },
      },
    );
    expect(opened).toEqual([
      [518, "low"],
      [517, "in"],
    ]);
    expect(typeof power.isOn).toBe("function");
  });
});

describe("HAT defaults from the profile", () => {
  it("a SIM7600 without a configured pin uses BCM 6, active high", async () => {
    const { withProfileDefaults } = await import("../../../src/modem/power/gpio-power.js");
    const { sim7600 } = await import("../../../src/modem/profiles/index.js");
    expect(withProfileDefaults({}, sim7600)).toEqual({ pwrkeyPin: 6, activeLevel: 1 });
  });

  it("a configured pin wins over the default", async () => {
    const { withProfileDefaults } = await import("../../../src/modem/power/gpio-power.js");
    const { sim800 } = await import("../../../src/modem/profiles/index.js");
    expect(withProfileDefaults({ pwrkeyPin: 17 }, sim800)).toEqual({
      pwrkeyPin: 17,
      activeLevel: 0,
    });
  });

  it("no pin and no HAT default is a config error", async () => {
    const { withProfileDefaults } = await import("../../../src/modem/power/gpio-power.js");
    const { generic } = await import("../../../src/modem/profiles/index.js");
    expect(() => withProfileDefaults({}, generic)).toThrow(/pwrkeyPin is required/);
  });
});
