import type { CheckOutcome, Finding, HostReport } from "../types.js";
import { portDevice, serialConsoleCheck, uartEnabledCheck } from "./boot-config.js";
import { deviceExistsCheck, devicePermissionCheck, type HostUser } from "./device-access.js";
import type { HostFs } from "./fs.js";
import { type GpioInfo, gpioCheck } from "./gpio.js";
import { readPiModel } from "./pi-model.js";
import { portHoldersCheck } from "./port-holders.js";
import { undervoltageCheck } from "./undervoltage.js";

export interface HostOptions {
  /** Filesystem root ("/" on the host; a temp tree in tests). */
  root: string;
  /** Run the checks even when /proc/device-tree/model is not a Raspberry Pi. */
  force?: boolean;
  user: HostUser;
  /** Our own pid (its fds on the port are not "someone else"). */
  ownPid?: number;
}

export interface HostResult {
  report: HostReport;
  problems: Finding[];
  warnings: Finding[];
  gpio: GpioInfo | null;
}

/**
 * Raspberry Pi checks for the modem's port: UART on in config.txt, no serial console on it in
 * cmdline.txt, device present and read/writable, nobody else (ModemManager) holding it, and
 * the supply voltage as the firmware reports it.
 * undefined when this is not a Pi (and not forced).
 */
export async function runPiChecks(
  port: string,
  opts: HostOptions,
): Promise<HostResult | undefined> {
  const fs: HostFs = { root: opts.root };
  const model = await readPiModel(fs);
  if (model === undefined && opts.force !== true) return undefined;
  const dev = await portDevice(fs, port);
  const outcomes: CheckOutcome[] = [
    deviceExistsCheck(dev),
    await uartEnabledCheck(fs, dev, model ?? ""),
    await serialConsoleCheck(fs, dev),
    await devicePermissionCheck(fs, dev, opts.user),
    await portHoldersCheck(fs, dev, opts.ownPid),
    await undervoltageCheck(fs),
  ];
  const gpio = await gpioCheck(fs);
  outcomes.push(gpio.outcome);
  return {
    report: { model: model ?? null, checks: outcomes.map((o) => o.check) },
    problems: outcomes.flatMap((o) => o.problems),
    warnings: outcomes.flatMap((o) => o.warnings),
    gpio: gpio.info,
  };
}
