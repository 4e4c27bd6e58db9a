import { readFileSync } from "node:fs";
import { chmod, rename, writeFile } from "node:fs/promises";
import type { TrustedTime } from "./network-clock.js";

/**
 * The network's time handed to the system: the gateway runs unprivileged and may not set the
 * clock, so it writes the time it trusts to a file; a root service (on the SD image,
 * smsgw-network-time.path) sets the system clock from it when NTP is not synchronised.
 *
 * One line, two integers: `<network time, ms since the epoch> <uptime at that moment, ms>`.
 * The uptime is CLOCK_BOOTTIME (/proc/uptime), which setting the clock does not move, so the
 * reader can carry the time forward to when it reads, whatever the system clock said.
 */
export function formatNetworkTime(t: TrustedTime): string {
  return `${Math.round(t.networkMs)} ${Math.round(t.uptimeMs)}\n`;
}

/**
 * Replaces the file in one rename, so the reader never sees half a line. Readable by all
 * whatever the umask (the service's is 0027): the root service that reads it holds no
 * capability but setting the clock, so file permissions bind it like any user. A time is no
 * secret.
 */
export async function writeNetworkTime(path: string, t: TrustedTime): Promise<void> {
  const tmp = `${path}.tmp`;
  await writeFile(tmp, formatNetworkTime(t), { mode: 0o644 });
  await chmod(tmp, 0o644);
  await rename(tmp, path);
}

/** Ms since boot from /proc/uptime (Linux), or undefined where there is no such clock. */
export function bootUptimeMs(read: () => string = () => readFileSync("/proc/uptime", "utf8")) {
  try {
    const seconds = Number.parseFloat(read().split(/\s+/)[0] ?? "");
    return Number.isFinite(seconds) && seconds >= 0 ? Math.round(seconds * 1000) : undefined;
  } catch {
    return undefined;
  }
}
