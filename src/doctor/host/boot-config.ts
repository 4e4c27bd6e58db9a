import path from "node:path";
import type { CheckOutcome, Finding } from "../types.js";
import { readConfigTxt } from "./config-txt.js";
import { firstExisting, type HostFs, inRoot, readText, resolveDevice } from "./fs.js";

export const CMDLINE_TXT_PATHS = ["/boot/firmware/cmdline.txt", "/boot/cmdline.txt"] as const;

/** Debian's raspi-firmware package rewrites config.txt/cmdline.txt from /etc/default files. */
async function isDebianRaspiFirmware(fs: HostFs): Promise<boolean> {
  return (await readText(inRoot(fs, "/etc/default/raspi-firmware"))) !== undefined;
}

/** The port as the host sees it: the path given, its real device, and whether it is a UART. */
export interface PortDevice {
  port: string;
  /** Real device path (`/dev/ttyS0` for `/dev/serial0`); undefined when it does not exist. */
  real: string | undefined;
  uart: boolean;
}

const UART_NAME = /^(ttyS\d+|ttyAMA\d+|serial\d)$/;

export async function portDevice(fs: HostFs, port: string): Promise<PortDevice> {
  const real = await resolveDevice(fs, port);
  const uart = UART_NAME.test(path.basename(real ?? port)) || UART_NAME.test(path.basename(port));
  return { port, real, uart };
}

/** `enable_uart=1` in config.txt (Pi 5: `dtparam=uart0=on` for the GPIO 14/15 UART). */
export async function uartEnabledCheck(
  fs: HostFs,
  dev: PortDevice,
  model: string,
): Promise<CheckOutcome> {
  const id = "uart-enabled";
  if (!dev.uart) return skipped(id, `not needed: ${dev.port} is not the GPIO UART`);
  const cfg = await readConfigTxt(fs, model);
  if (cfg === undefined) {
    return {
      check: { id, ok: null, summary: "no config.txt in /boot/firmware or /boot" },
      problems: [],
      warnings: [
        finding(
          "host-no-config-txt",
          "Cannot find config.txt: is the boot partition mounted?",
          "Mount the boot partition (/boot/firmware) so the UART setting can be checked.",
          null,
        ),
      ],
    };
  }
  const value = cfg.settings.get("enable_uart");
  const pi5Uart0 = /Pi 5|Pi 500|Compute Module 5/i.test(model) && cfg.dt.some(isUart0On);
  if (value === "1" || pi5Uart0) {
    const how = value === "1" ? "enable_uart=1" : "dtparam=uart0=on";
    return ok(id, `UART enabled (${how} in ${cfg.path})`);
  }
  const debian = await isDebianRaspiFirmware(fs);
  const line = "enable_uart=1";
  const command = debian
    ? `echo '${line}' | sudo tee -a /etc/default/raspi-firmware-custom && sudo dpkg-reconfigure raspi-firmware && sudo reboot`
    : `printf '[all]\\n${line}\\n' | sudo tee -a ${cfg.path} && sudo reboot`;
  return {
    check: {
      id,
      ok: false,
      summary: `UART disabled (${value === undefined ? "no enable_uart" : `enable_uart=${value}`} in ${cfg.path})`,
    },
    problems: [
      finding(
        "host-uart-disabled",
        `The GPIO UART is off: ${cfg.path} has ${value === undefined ? "no enable_uart=1" : `enable_uart=${value}`}.`,
        debian
          ? "Add enable_uart=1 to /etc/default/raspi-firmware-custom (Debian regenerates config.txt from it), then reboot."
          : `Add enable_uart=1 to ${cfg.path} (in an [all] section), then reboot.`,
        command,
      ),
    ],
    warnings: [],
  };
}

function isUart0On(v: string): boolean {
  return /^uart0(=on)?$/i.test(v.trim()) || /^uart0(,|$)/i.test(v.trim());
}

/**
 * A `console=serial0,115200` (or ttyS0/ttyS1/ttyAMA0) on the modem's UART in cmdline.txt:
 * kernel messages and a login prompt would go to the modem, and its answers to a shell.
 */
export async function serialConsoleCheck(fs: HostFs, dev: PortDevice): Promise<CheckOutcome> {
  const id = "serial-console";
  if (!dev.uart) return skipped(id, `not needed: ${dev.port} is not the GPIO UART`);
  const file = await firstExisting(fs, CMDLINE_TXT_PATHS);
  if (file === undefined) return skipped(id, "no cmdline.txt in /boot/firmware or /boot");
  const tokens = file.text.split(/\s+/).filter((t) => /^console=/.test(t));
  const hits: Array<{ token: string; name: string }> = [];
  for (const token of tokens) {
    const name = token.slice("console=".length).split(",")[0] ?? "";
    if (UART_NAME.test(name) && (await sameUart(fs, name, dev))) hits.push({ token, name });
  }
  if (hits.length === 0) return ok(id, `no serial console on ${dev.real ?? dev.port}`);
  const debian = await isDebianRaspiFirmware(fs);
  const tty = path.basename(dev.real ?? dev.port);
  const getty = `sudo systemctl disable --now serial-getty@${tty}.service`;
  const sed = hits.map((h) => `s/ *${escapeSed(h.token)}//`).join(";");
  const command = debian
    ? `sudo sed -i 's/^#\\?CONSOLES=.*/CONSOLES="tty0"/' /etc/default/raspi-firmware && sudo dpkg-reconfigure raspi-firmware && ${getty} && sudo reboot`
    : `sudo sed -i '${sed}' ${file.path} && ${getty} && sudo reboot`;
  const list = hits.map((h) => h.token).join(" ");
  return {
    check: { id, ok: false, summary: `serial console on the modem's UART (${list})` },
    problems: [
      finding(
        "host-serial-console",
        `${file.path} puts a serial console on the modem's UART (${list}): the kernel and a login prompt talk to the modem.`,
        debian
          ? 'Set CONSOLES="tty0" in /etc/default/raspi-firmware (Debian regenerates cmdline.txt from it), stop the serial login, then reboot.'
          : `Remove ${list} from ${file.path}, stop the serial login, then reboot.`,
        command,
      ),
    ],
    warnings: [],
  };
}

/** Does `console=<name>` point at the modem's device? */
async function sameUart(fs: HostFs, name: string, dev: PortDevice): Promise<boolean> {
  const consoleReal = await resolveDevice(fs, `/dev/${name}`);
  if (consoleReal !== undefined && dev.real !== undefined) return consoleReal === dev.real;
  if (name === path.basename(dev.real ?? "") || name === path.basename(dev.port)) return true;
  // serial0 is the UART on GPIO 14/15, where HATs sit: unresolvable, assume it is ours.
  return name === "serial0";
}

function escapeSed(text: string): string {
  return text.replace(/[/.[\]*^$\\]/g, "\\$&");
}

export function finding(id: string, message: string, fix: string, command: string | null): Finding {
  return { id, area: "host", message, fix, command };
}

export function ok(id: string, summary: string): CheckOutcome {
  return { check: { id, ok: true, summary }, problems: [], warnings: [] };
}

export function skipped(id: string, summary: string): CheckOutcome {
  return { check: { id, ok: null, summary }, problems: [], warnings: [] };
}
