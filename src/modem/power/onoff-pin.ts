import { SmsgwError } from "../../errors.js";
import type { DigitalPin, PinLevel } from "./types.js";

/** The part of onoff's `Gpio` class we use (onoff 6 `onoff.d.ts`). */
interface OnoffGpio {
  read(): Promise<PinLevel>;
  write(value: PinLevel): Promise<void>;
  unexport(): void;
}
type OnoffGpioClass = new (gpio: number, direction: "in" | "out" | "high" | "low") => OnoffGpio;

/** Loads the onoff module; injectable so tests can simulate a missing package or addon. */
export type OnoffLoader = () => Promise<unknown>;

/** A variable specifier: tsc must not require onoff's types (an optional dependency may be absent). */
const ONOFF = "onoff";
const defaultLoader: OnoffLoader = () => import(ONOFF);

export interface OnoffPinOptions {
  /** "high"/"low": output that starts at that level without a glitch; "in": input (STATUS). */
  direction: "in" | "out" | "high" | "low";
  loader?: OnoffLoader;
  platform?: NodeJS.Platform;
}

/**
 * A sysfs GPIO through onoff, imported only when power control is configured: onoff needs Linux
 * and its native `epoll` addon, and a gateway with a USB modem must run without either.
 * `sysfsNumber` is the global number (see bcmToSysfs), not the BCM number.
 */
export async function openOnoffPin(
  sysfsNumber: number,
  opts: OnoffPinOptions,
): Promise<DigitalPin> {
  const platform = opts.platform ?? process.platform;
  if (platform !== "linux") {
    throw new SmsgwError(
      "modem.gpio-unsupported",
      `GPIO power control needs Linux sysfs GPIO; this is ${platform}. Remove modem.power from the config`,
    );
  }
  const Gpio = await loadGpioClass(opts.loader ?? defaultLoader);
  let gpio: OnoffGpio;
  try {
    gpio = new Gpio(sysfsNumber, opts.direction);
  } catch (err) {
    throw exportError(sysfsNumber, err);
  }
  let closed = false;
  return {
    read: () => gpio.read(),
    write: (value) => gpio.write(value),
    close: async () => {
      if (closed) return;
      closed = true;
      gpio.unexport();
    },
  };
}

async function loadGpioClass(loader: OnoffLoader): Promise<OnoffGpioClass> {
  let mod: unknown;
  try {
    mod = await loader();
  } catch (err) {
    const text = String((err as Error)?.message ?? err);
    if (/epoll|bindings file|\.node\b/i.test(text)) {
      throw new SmsgwError(
        "modem.gpio-epoll-missing",
        "onoff is installed but its native epoll addon is not built for this Node (run `npm rebuild epoll`; needs build tools)",
        { cause: err },
      );
    }
    throw new SmsgwError(
      "modem.gpio-onoff-missing",
      "GPIO power control needs the optional package onoff (npm install onoff)",
      { cause: err },
    );
  }
  const m = mod as { Gpio?: unknown; default?: { Gpio?: unknown } };
  const Gpio = m.Gpio ?? m.default?.Gpio;
  if (typeof Gpio !== "function") {
    throw new SmsgwError("modem.gpio-onoff-missing", "the onoff module does not export Gpio");
  }
  return Gpio as OnoffGpioClass;
}

/** onoff writes the number to /sys/class/gpio/export; errno says what went wrong. */
function exportError(n: number, err: unknown): SmsgwError {
  const code = (err as NodeJS.ErrnoException)?.code;
  const why =
    code === "EINVAL"
      ? "the kernel rejected the number (wrong GPIO base? since kernel 6.6 BCM n is base+n)"
      : code === "EBUSY"
        ? "the line is claimed by a kernel driver or overlay"
        : code === "EACCES" || code === "EPERM"
          ? "permission denied (add the user to the gpio group)"
          : code === "ENOENT"
            ? "/sys/class/gpio is missing (no sysfs GPIO in this kernel)"
            : String((err as Error)?.message ?? err);
  return new SmsgwError("modem.gpio-export", `cannot open GPIO ${n}: ${why}`, {
    cause: err,
    details: { gpio: n, errno: code },
  });
}
