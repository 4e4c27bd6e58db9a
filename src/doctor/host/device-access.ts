import { stat } from "node:fs/promises";
import type { CheckOutcome } from "../types.js";
import { finding, ok, type PortDevice } from "./boot-config.js";
import { type HostFs, inRoot, readText } from "./fs.js";

/** Who is asking: the current process's user and groups (injectable for tests). */
export interface HostUser {
  name: string;
  uid: number;
  /** Primary and supplementary group ids of this process (what the kernel checks). */
  gids: number[];
}

/** Whether the device node is there at all. */
export function deviceExistsCheck(dev: PortDevice): CheckOutcome {
  const id = "device-exists";
  if (dev.real !== undefined) {
    const via = dev.real === dev.port ? "" : ` (${dev.real})`;
    return ok(id, `${dev.port} exists${via}`);
  }
  const fix = dev.uart
    ? "The UART device appears once the UART is enabled in config.txt and the Pi rebooted; check the HAT sits on the 40-pin header."
    : "Check the modem is plugged in and powered (a USB modem shows up in lsusb), and the port name (ls /dev/serial/by-id/).";
  return {
    check: { id, ok: false, summary: `${dev.port} does not exist` },
    problems: [
      finding(
        "host-device-missing",
        `${dev.port} does not exist.`,
        fix,
        dev.uart ? "ls -l /dev/serial* /dev/ttyS* /dev/ttyAMA*" : "ls -l /dev/serial/by-id/",
      ),
    ],
    warnings: [],
  };
}

/**
 * Read and write permission on the device for this user, worked out from the mode bits, the
 * owner and the process's groups (as the kernel does; root passes). A user listed in the group
 * in /etc/group whose session predates it gets "log in again" rather than "usermod".
 */
export async function devicePermissionCheck(
  fs: HostFs,
  dev: PortDevice,
  user: HostUser,
): Promise<CheckOutcome> {
  const id = "device-permission";
  if (dev.real === undefined)
    return { check: { id, ok: null, summary: "no device" }, problems: [], warnings: [] };
  let st: Awaited<ReturnType<typeof stat>>;
  try {
    st = await stat(inRoot(fs, dev.real));
  } catch {
    return {
      check: { id, ok: null, summary: `cannot stat ${dev.real}` },
      problems: [],
      warnings: [],
    };
  }
  if (canReadWrite(st.mode, st.uid, st.gid, user)) {
    return ok(id, `${user.name} can read and write ${dev.real}`);
  }
  const groups = await readGroups(fs);
  const group = groups.get(st.gid);
  const groupName = group?.name ?? String(st.gid);
  const member = group?.members.includes(user.name) ?? false;
  const groupRw = (st.mode & 0o060) === 0o060;
  const message = `${user.name} cannot read and write ${dev.real} (owner ${st.uid}, group ${groupName}, mode ${(st.mode & 0o777).toString(8)}).`;
  let fix: string;
  let command: string | null;
  if (!groupRw) {
    fix = `The device's group has no read/write permission; give the ${groupName} group access (a udev rule makes it stick).`;
    command = `sudo chmod g+rw ${dev.real}`;
  } else if (member) {
    fix = `${user.name} is in the ${groupName} group, but this login session started before that: log out and in again (or reboot).`;
    command = `newgrp ${groupName}`;
  } else {
    fix = `Add ${user.name} to the ${groupName} group, then log out and in again (or restart the smsgw service).`;
    command = `sudo usermod -aG ${groupName} ${user.name}`;
  }
  return {
    check: { id, ok: false, summary: `no read/write access for ${user.name} (group ${groupName})` },
    problems: [finding("host-permission-denied", message, fix, command)],
    warnings: [],
  };
}

export function canReadWrite(mode: number, uid: number, gid: number, user: HostUser): boolean {
  if (user.uid === 0) return true;
  const rw = (shift: number) => ((mode >> shift) & 0o6) === 0o6;
  if (user.uid === uid) return rw(6);
  if (user.gids.includes(gid)) return rw(3);
  return rw(0);
}

async function readGroups(fs: HostFs): Promise<Map<number, { name: string; members: string[] }>> {
  const out = new Map<number, { name: string; members: string[] }>();
  const text = (await readText(inRoot(fs, "/etc/group"))) ?? "";
  for (const line of text.split("\n")) {
    const [name, , gid, members] = line.split(":");
    if (name === undefined || gid === undefined || !/^\d+$/.test(gid)) continue;
    out.set(Number(gid), { name, members: (members ?? "").split(",").filter(Boolean) });
  }
  return out;
}
