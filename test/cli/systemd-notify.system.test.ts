import { type ChildProcess, spawn } from "node:child_process";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ProcessRig, startProcessRig } from "../support/process-rig.js";

/**
 * `smsgw run` as systemd runs a Type=notify unit with WatchdogSec=: NOTIFY_SOCKET names a real
 * AF_UNIX datagram socket, bound here by a small python3 receiver that prints each datagram,
 * and WATCHDOG_USEC asks for a ping every 200 ms (half of 400 ms).
 */

const CLI = fileURLToPath(new URL("../../dist/cli/main.js", import.meta.url));
const RECEIVER = `
import json, socket, sys
s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
s.bind(sys.argv[1])
print(json.dumps("listening"), flush=True)
while True:
    print(json.dumps(s.recv(4096).decode()), flush=True)
`;

let rig: ProcessRig;
let receiver: ChildProcess;
const datagrams: string[] = [];

async function until(what: string, done: () => boolean, ms = 30_000): Promise<void> {
  const deadline = performance.now() + ms;
  while (!done()) {
    if (performance.now() > deadline) throw new Error(`${what}: not seen in ${datagrams}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

function exited(p: ChildProcess): Promise<unknown> {
  return p.exitCode !== null ? Promise.resolve() : new Promise((r) => p.once("exit", r));
}

beforeAll(async () => {
  rig = await startProcessRig({ name: "notify", observerId: "notify-observer" });
  const script = join(rig.dir, "receiver.py");
  await writeFile(script, RECEIVER);
  const socketPath = join(rig.dir, "notify.sock");
  receiver = spawn("python3", [script, socketPath], { stdio: ["ignore", "pipe", "inherit"] });
  if (receiver.stdout === null) throw new Error("no receiver output");
  createInterface({ input: receiver.stdout }).on("line", (l) => datagrams.push(JSON.parse(l)));
  await until("receiver", () => datagrams.includes("listening"), 10_000);

  const run = spawn(process.execPath, [CLI, "run", "--config", rig.configPath], {
    stdio: ["ignore", "ignore", "inherit"],
    env: {
      ...process.env,
      SMSGW_LOG_LEVEL: "warn",
      NOTIFY_SOCKET: socketPath,
      WATCHDOG_USEC: "400000",
    },
  });
  await until("READY=1", () => datagrams.some((d) => d.startsWith("READY=1")));
  await until(
    "three watchdog pings",
    () => datagrams.filter((d) => d.startsWith("WATCHDOG=1")).length >= 3,
  );
  run.kill("SIGTERM");
  await exited(run);
  await until("STOPPING=1", () => datagrams.some((d) => d.startsWith("STOPPING=1")), 10_000);
});

afterAll(async () => {
  receiver?.kill();
  await rig?.dispose();
});

describe("smsgw run under systemd's notify protocol", () => {
  it("says READY=1 with a STATUS= line naming the modem, the queue and MQTT", () => {
    const ready = datagrams.find((d) => d.startsWith("READY=1"));
    expect(ready).toMatch(
      /^READY=1\nSTATUS=modem [a-z-]+, \d+ queued, MQTT (connected|disconnected)$/,
    );
  });

  it("pings the watchdog with WATCHDOG=1 after READY=1", () => {
    const first = datagrams.findIndex((d) => d.startsWith("WATCHDOG=1"));
    expect(first).toBeGreaterThan(datagrams.findIndex((d) => d.startsWith("READY=1")));
  });

  it("says STOPPING=1 on SIGTERM", () => {
    expect(datagrams.filter((d) => d.startsWith("STOPPING=1"))).toEqual([
      "STOPPING=1\nSTATUS=stopping",
    ]);
  });
});
