import { describe, expect, it } from "vitest";
import { openOnoffPin } from "../../../src/modem/power/onoff-pin.js";

class FakeGpio {
  static opened: Array<[number, string]> = [];
  value: 0 | 1 = 0;
  unexported = 0;
  constructor(n: number, dir: string) {
    FakeGpio.opened.push([n, dir]);
  }
  async read() {
    return this.value;
  }
  async write(v: 0 | 1) {
    this.value = v;
  }
  unexport() {
    this.unexported++;
  }
}

describe("the onoff pin", () => {
  it("opens the global sysfs number with the asked direction", async () => {
    FakeGpio.opened = [];
    await openOnoffPin(518, {
      direction: "low",
      platform: "linux",
      loader: async () => ({ Gpio: FakeGpio }),
    });
    expect(FakeGpio.opened).toEqual([[518, "low"]]);
  });

  it("accepts onoff as a CommonJS default export", async () => {
    const pin = await openOnoffPin(518, {
      direction: "out",
      platform: "linux",
      loader: async () => ({ default: { Gpio: FakeGpio } }),
    });
    await pin.write(1);
    expect(await pin.read()).toBe(1);
  });

  it("a missing onoff package says how to install it", async () => {
    const loader = async () => {
      throw Object.assign(new Error("Cannot find package 'onoff'"), {
        code: "ERR_MODULE_NOT_FOUND",
      });
    };
    await expect(
      openOnoffPin(518, { direction: "out", platform: "linux", loader }),
    ).rejects.toMatchObject({
      code: "modem.gpio-onoff-missing",
    });
  });

  it("a missing native epoll addon is named as such", async () => {
    const loader = async () => {
      throw new Error(
        "Could not locate the bindings file. Tried: .../epoll/build/Release/epoll.node",
      );
    };
    await expect(
      openOnoffPin(518, { direction: "out", platform: "linux", loader }),
    ).rejects.toMatchObject({
      code: "modem.gpio-epoll-missing",
    });
  });

  it("on a non-Linux machine it refuses before loading anything", async () => {
    let loaded = false;
    const loader = async () => {
      loaded = true;
      return { Gpio: FakeGpio };
    };
    await expect(
      openOnoffPin(518, { direction: "out", platform: "darwin", loader }),
    ).rejects.toMatchObject({
      code: "modem.gpio-unsupported",
    });
    expect(loaded).toBe(false);
  });

  it("EINVAL on export explains the 6.6 numbering", async () => {
    class Refusing {
      constructor() {
        throw Object.assign(new Error("EINVAL: invalid argument, write"), { code: "EINVAL" });
      }
    }
    await expect(
      openOnoffPin(6, {
        direction: "out",
        platform: "linux",
        loader: async () => ({ Gpio: Refusing }),
      }),
    ).rejects.toThrow(/base\+n/);
  });

  it("close unexports once", async () => {
    let gpio: FakeGpio | undefined;
    class Tracked extends FakeGpio {
      constructor(n: number, d: string) {
        super(n, d);
        gpio = this;
      }
    }
    const pin = await openOnoffPin(518, {
      direction: "out",
      platform: "linux",
      loader: async () => ({ Gpio: Tracked }),
    });
    await pin.close();
    await pin.close();
    expect(gpio?.unexported).toBe(1);
  });
});
