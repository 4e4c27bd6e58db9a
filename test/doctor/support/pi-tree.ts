import {
  chmodSync,
  mkdirSync,
  mkdtempSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { HostUser } from "../../../src/doctor/index.js";

/**
 * A fake Raspberry Pi filesystem in a temp dir: /proc/device-tree/model, /boot/firmware,
 * /dev (a regular file stands in for the tty), /etc/group, /proc/<pid>/fd symlinks.
 */
export class PiTree {
  readonly root = mkdtempSync(path.join(tmpdir(), "smsgw-doctor-"));

  /** A user that is not root (tests may run as root, which may open anything). */
  readonly user: HostUser = { name: "pi", uid: 1000, gids: [1000] };

  file(hostPath: string, text: string): this {
    const p = this.at(hostPath);
    mkdirSync(path.dirname(p), { recursive: true });
    writeFileSync(p, text);
    return this;
  }

  /** A symlink at `hostPath` with this literal target (as the kernel shows fds: `/dev/ttyS0`). */
  link(hostPath: string, target: string): this {
    const p = this.at(hostPath);
    mkdirSync(path.dirname(p), { recursive: true });
    symlinkSync(target, p);
    return this;
  }

  model(name: string): this {
    return this.file("/proc/device-tree/model", `${name}\0`);
  }

  /** /dev/<name> with a mode; its group is whatever the temp file got, named `dialout`. */
  device(name: string, mode = 0o660, dialoutMembers: string[] = []): this {
    this.file(`/dev/${name}`, "");
    chmodSync(this.at(`/dev/${name}`), mode);
    const gid = statSync(this.at(`/dev/${name}`)).gid;
    return this.file("/etc/group", `root:x:0:\ndialout:x:${gid}:${dialoutMembers.join(",")}\n`);
  }

  /** The group id of the devices, to put the user in it. */
  deviceGid(name: string): number {
    return statSync(this.at(`/dev/${name}`)).gid;
  }

  /** A process with the device open on fd 7. */
  process(pid: number, comm: string, opens?: string): this {
    this.file(`/proc/${pid}/comm`, `${comm}\n`);
    mkdirSync(this.at(`/proc/${pid}/fd`), { recursive: true });
    if (opens !== undefined) this.link(`/proc/${pid}/fd/7`, opens);
    return this.link(`/proc/${pid}/fd/0`, "/dev/null");
  }

  /** A typical working Pi 4: UART on, console on tty1 only, /dev/serial0 → ttyS0. */
  healthyPi4(): this {
    return this.model("Raspberry Pi 4 Model B Rev 1.4")
      .file(
        "/boot/firmware/config.txt",
        "# Raspberry Pi OS\ndtparam=audio=on\n\n[all]\nenable_uart=1\n",
      )
      .file(
        "/boot/firmware/cmdline.txt",
        "console=tty1 root=PARTUUID=1234-02 rootfstype=ext4 fsck.repair=yes rootwait\n",
      )
      .device("ttyS0")
      .link("/dev/serial0", "ttyS0");
  }

  at(hostPath: string): string {
    return path.join(this.root, hostPath);
  }

  remove(): void {
    rmSync(this.root, { recursive: true, force: true });
  }
}
