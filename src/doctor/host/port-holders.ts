import { readdir, readlink } from "node:fs/promises";
import type { CheckOutcome, Finding } from "../types.js";
import { finding, ok, type PortDevice } from "./boot-config.js";
import { type HostFs, inRoot, readText } from "./fs.js";

export interface PortHolder {
  pid: number;
  /** From /proc/<pid>/comm (`ModemManager`, `agetty`, `node`). */
  name: string;
}

export interface HolderScan {
  holders: PortHolder[];
  /** Processes whose fds we may not read (other users' without root), by name. */
  unreadable: PortHolder[];
}

/**
 * Who has the device open: every /proc/<pid>/fd/* symlink whose target is the device's real
 * path (`/dev/ttyS0`, also when the port was given as `/dev/serial0`). `ownPid` is skipped.
 */
export async function scanPortHolders(
  fs: HostFs,
  devicePath: string,
  ownPid?: number,
): Promise<HolderScan> {
  const holders: PortHolder[] = [];
  const unreadable: PortHolder[] = [];
  let pids: string[];
  try {
    pids = (await readdir(inRoot(fs, "/proc"))).filter((d) => /^\d+$/.test(d));
  } catch {
    return { holders, unreadable };
  }
  for (const pid of pids) {
    if (Number(pid) === ownPid) continue;
    const fdDir = inRoot(fs, `/proc/${pid}/fd`);
    let fds: string[];
    try {
      fds = await readdir(fdDir);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === "EACCES")
        unreadable.push({ pid: Number(pid), name: await comm(fs, pid) });
      continue;
    }
    for (const fd of fds) {
      const target = await readlink(`${fdDir}/${fd}`).catch(() => undefined);
      if (target === devicePath) {
        holders.push({ pid: Number(pid), name: await comm(fs, pid) });
        break;
      }
    }
  }
  return { holders, unreadable };
}

async function comm(fs: HostFs, pid: string): Promise<string> {
  return ((await readText(inRoot(fs, `/proc/${pid}/comm`))) ?? "?").trim();
}

const MM_FIX =
  "ModemManager grabs serial modems and answers AT itself. Stop and disable it (smsgw drives the modem on its own).";
const MM_COMMAND = "sudo systemctl disable --now ModemManager";

/** The "is anything else using the port" check, ModemManager first. */
export async function portHoldersCheck(
  fs: HostFs,
  dev: PortDevice,
  ownPid?: number,
): Promise<CheckOutcome> {
  const id = "port-holders";
  if (dev.real === undefined)
    return { check: { id, ok: null, summary: "no device" }, problems: [], warnings: [] };
  const scan = await scanPortHolders(fs, dev.real, ownPid);
  const warnings: Finding[] = [];
  const hiddenMm = scan.unreadable.find((p) => p.name === "ModemManager");
  if (scan.holders.length === 0) {
    if (hiddenMm !== undefined) {
      warnings.push(
        finding(
          "host-modemmanager-running",
          `ModemManager is running (pid ${hiddenMm.pid}); without root the doctor cannot see whether it holds ${dev.real}.`,
          `${MM_FIX} Or run the doctor with sudo to check.`,
          MM_COMMAND,
        ),
      );
      return {
        check: { id, ok: null, summary: `ModemManager running (pid ${hiddenMm.pid})` },
        problems: [],
        warnings,
      };
    }
    return ok(id, `no other program has ${dev.real} open`);
  }
  const problems = scan.holders.map((h) => holderFinding(h, dev.real!));
  const list = scan.holders.map((h) => `${h.name} (pid ${h.pid})`).join(", ");
  return {
    check: { id, ok: false, summary: `${dev.real} is open in ${list}` },
    problems,
    warnings,
  };
}

function holderFinding(h: PortHolder, device: string): Finding {
  const message = `${h.name} (pid ${h.pid}) has ${device} open.`;
  if (h.name === "ModemManager") return finding("host-modemmanager", message, MM_FIX, MM_COMMAND);
  if (/getty/.test(h.name)) {
    const tty = device.replace(/^\/dev\//, "");
    return finding(
      "host-serial-getty",
      `${message} A login prompt runs on the modem's port.`,
      "Stop and disable the serial login on that port.",
      `sudo systemctl disable --now serial-getty@${tty}.service`,
    );
  }
  if (h.name === "node" || h.name === "smsgw") {
    return finding(
      "host-port-busy",
      `${message} Probably the smsgw service itself.`,
      "Only one program can use the modem at a time: stop the gateway while running the doctor.",
      "sudo systemctl stop smsgw",
    );
  }
  return finding(
    "host-port-busy",
    message,
    "Only one program can use the modem at a time: stop that program.",
    `ps -o pid,user,args -p ${h.pid}`,
  );
}
