import type { ChildProcess } from "node:child_process";
import { readFile } from "node:fs/promises";
import type { connectAsync } from "mqtt";

/** What the benches that start the real `smsgw run` process share: flags, RSS, readiness. */

export function arg(args: string[], name: string): string | undefined {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
}

export function count(args: string[], name: string, def: number): number {
  const v = Number(arg(args, name) ?? def);
  return Number.isFinite(v) && v >= 0 ? v : def;
}

/** VmRSS (what `ps`/`top` show), VmHWM (its peak) and Pss (RSS with shared pages split). */
export async function rssLine(pid: number, label: string): Promise<string> {
  const status = await readFile(`/proc/${pid}/status`, "utf8");
  const field = (text: string, name: string) =>
    Number(new RegExp(`^${name}:\\s+(\\d+) kB`, "m").exec(text)?.[1] ?? Number.NaN) / 1024;
  let pss = Number.NaN;
  try {
    pss = field(await readFile(`/proc/${pid}/smaps_rollup`, "utf8"), "Pss");
  } catch {
    // smaps_rollup needs Linux 4.14; the VmRSS figure is the one that counts.
  }
  const f = (mb: number) => `${mb.toFixed(1)} MB`;
  return `${label}: RSS ${f(field(status, "VmRSS"))} (peak ${f(field(status, "VmHWM"))}, Pss ${f(pss)})`;
}

export function online(client: Awaited<ReturnType<typeof connectAsync>>, gateway: ChildProcess) {
  return new Promise<void>((resolve, reject) => {
    if (gateway.exitCode !== null) reject(new Error(`smsgw run exited (${gateway.exitCode})`));
    gateway.once("exit", (code) => reject(new Error(`smsgw run exited (${code})`)));
    client.on("message", (topic, payload) => {
      if (topic === "smsgw/bridge/state" && payload.toString().includes('"online"')) resolve();
    });
    client.subscribe("smsgw/bridge/state", { qos: 1 });
  });
}
