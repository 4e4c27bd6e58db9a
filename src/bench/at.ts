import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { SerialPort } from "serialport";
import { AtChannel } from "../modem/at/index.js";
import { SimulatedModem } from "../simulator/index.js";

/**
 * `npm run bench -- at [rounds=5] [seconds=1]`: AT round trips per second over a socat PTY pair.
 *  - bare echo: host writes `AT\r`, the far end echoes the bytes, host waits for them;
 *  - bare OK: the far end answers `\r\nOK\r\n` to each CR (a minimal modem), host scans raw bytes;
 *  - stack vs minimal modem: AtChannel.run("AT") against that same minimal responder;
 *  - stack vs simulator: AtChannel.run("AT") against the instant simulator (the whole stack).
 * Goal: the stack costs ≤ 20% over the bare round trip.
 */
export async function run(args: string[]): Promise<void> {
  const rounds = Number(args[0] ?? "5");
  const seconds = Number(args[1] ?? "1");
  const dir = mkdtempSync(path.join(os.tmpdir(), "smsgw-bench-at-"));
  const socat = await startSocat(dir);
  const variants: Array<[string, () => Promise<number>]> = [
    ["bare echo (write/read over the PTY)", () => bare(dir, seconds, "echo")],
    ["bare AT→OK (minimal responder, raw scan)", () => bare(dir, seconds, "ok")],
    ["AtChannel vs minimal responder", () => stack(dir, seconds, "ok")],
    ["AtChannel vs instant simulator (whole stack)", () => stack(dir, seconds, "sim")],
  ];
  try {
    // Interleaved rounds, median per variant: the machine is shared, so one long run per
    // variant would mostly measure what the neighbours were doing at the time.
    const samples = variants.map(() => [] as number[]);
    for (let r = 0; r < rounds; r++) {
      for (const [i, [, measureOne]] of variants.entries()) samples[i]!.push(await measureOne());
    }
    const medians = samples.map(median);
    const base = medians[0]!;
    console.log(
      `AT round trips over a socat PTY: median of ${rounds} interleaved rounds × ${seconds} s (${os.cpus().length} cores, load ${os.loadavg()[0]!.toFixed(2)})`,
    );
    variants.forEach(([name], i) => {
      const rate = medians[i]!;
      const over = ((base / rate - 1) * 100).toFixed(1);
      const all = samples[i]!.map((x) => x.toFixed(0)).join(" ");
      console.log(
        `  ${name.padEnd(46)} ${rate.toFixed(0).padStart(7)} /s  ${(1e6 / rate).toFixed(1).padStart(7)} µs/rt  ${over.padStart(6)}% vs bare echo   [${all}]`,
      );
    });
    const vsOk = ((medians[1]! / medians[2]! - 1) * 100).toFixed(1);
    console.log(`  AtChannel cost over bare AT→OK with the same responder: ${vsOk}%`);
  } finally {
    socat.kill("SIGKILL");
    rmSync(dir, { recursive: true, force: true });
  }
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

async function startSocat(dir: string): Promise<ChildProcess> {
  const proc = spawn(
    "socat",
    ["-d", "-d", `pty,raw,echo=0,link=${dir}/a`, `pty,raw,echo=0,link=${dir}/b`],
    { stdio: ["ignore", "ignore", "pipe"] },
  );
  await new Promise<void>((resolve, reject) => {
    let log = "";
    proc.once("error", (err) => reject(new Error(`socat: ${err.message} (install socat)`)));
    proc.stderr!.on("data", (c: Buffer) => {
      log += c.toString();
      if (log.includes("starting data transfer loop")) resolve();
    });
  });
  return proc;
}

async function openPort(p: string): Promise<SerialPort> {
  const port = new SerialPort({ path: p, baudRate: 115200, lock: false });
  await once(port, "open");
  return port;
}

/** The far end: echo bytes back, or answer OK to each CR. */
function responder(port: SerialPort, mode: "echo" | "ok"): void {
  port.on("data", (chunk: Buffer) => {
    if (mode === "echo") port.write(chunk);
    else for (const b of chunk) if (b === 0x0d) port.write("\r\nOK\r\n");
  });
}

async function closePort(port: SerialPort): Promise<void> {
  if (!port.isOpen) return;
  await new Promise<void>((resolve) => port.close(() => resolve()));
}

async function bare(dir: string, seconds: number, mode: "echo" | "ok"): Promise<number> {
  const far = await openPort(`${dir}/a`);
  responder(far, mode);
  const host = await openPort(`${dir}/b`);
  const want = mode === "echo" ? "AT\r" : "OK\r\n";
  let buf = "";
  let wake: (() => void) | undefined;
  host.on("data", (c: Buffer) => {
    buf += c.toString("latin1");
    if (buf.includes(want)) {
      buf = "";
      wake?.();
    }
  });
  const once1 = () =>
    new Promise<void>((resolve) => {
      wake = resolve;
      host.write("AT\r");
    });
  const rate = await measure(seconds, once1);
  await closePort(host);
  await closePort(far);
  return rate;
}

async function stack(dir: string, seconds: number, mode: "ok" | "sim"): Promise<number> {
  const far = await openPort(`${dir}/a`);
  const sim = mode === "sim" ? new SimulatedModem({ timing: "instant" }) : undefined;
  if (sim) sim.attach(far);
  else responder(far, "ok");
  const at = new AtChannel({
    open: async () => openPort(`${dir}/b`),
    reconnect: false,
  });
  await at.start();
  if (sim) await at.run({ command: "ATE0" });
  const rate = await measure(seconds, async () => {
    await at.run({ command: "AT" });
  });
  await at.stop();
  await sim?.close();
  await closePort(far);
  return rate;
}

async function measure(seconds: number, roundTrip: () => Promise<void>): Promise<number> {
  const warmupEnd = performance.now() + 100;
  while (performance.now() < warmupEnd) await roundTrip();
  let n = 0;
  const start = performance.now();
  const end = start + seconds * 1000;
  while (performance.now() < end) {
    await roundTrip();
    n++;
  }
  return n / ((performance.now() - start) / 1000);
}
