import { type ChildProcess, spawn } from "node:child_process";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SimulatedModem } from "../../src/simulator/index.js";
import { type ProcessRig, startProcessRig } from "../support/process-rig.js";
import type { TestClient } from "./support/client.js";

/**
 * `smsgw run` as its own process (config file, modem over TCP to the simulator, real mosquitto):
 * stopped with SIGTERM while requests are published, restarted → every request is sent.
 */

const CLI = fileURLToPath(new URL("../../dist/cli/main.js", import.meta.url));
let sim: SimulatedModem;
let rig: ProcessRig;
let client: TestClient;
let dir: string;
let configPath: string;

function startRun(): ChildProcess {
  return spawn(process.execPath, [CLI, "run", "--config", configPath], {
    stdio: ["ignore", "ignore", "pipe"],
    env: { ...process.env, SMSGW_LOG_LEVEL: "warn" },
  });
}

function exited(p: ChildProcess): Promise<number | null> {
  return p.exitCode !== null
    ? Promise.resolve(p.exitCode)
    : new Promise((r) => p.once("exit", (code) => r(code)));
}

beforeAll(async () => {
  rig = await startProcessRig({
    name: "run",
    observerId: "process-observer",
    mqtt: ["  clientId: smsgw-process-test"],
    more: ["sms:", "  deliveryReports: false"],
  });
  ({ sim, dir, configPath, client } = rig);
});

afterAll(() => rig?.dispose());

describe("smsgw run as a process", () => {
  it("comes online, stops on SIGTERM with offline, and sends what was published meanwhile", async () => {
    const first = startRun();
    await client.waitForTopic("smsgw/bridge/state", (j) => j.state === "online", 60_000);
    await client.waitForTopic("smsgw/modem", (j) => j.state === "ready", 60_000);
    const offline = client.waitForTopic("smsgw/bridge/state", (j) => j.state === "offline", 30_000);
    first.kill("SIGTERM");
    expect(await exited(first)).toBe(0);
    await offline;

    for (let i = 1; i <= 10; i++)
      await client.publish(
        "smsgw/send",
        JSON.stringify({ to: "+491701234567", text: `while down ${i}`, id: `p-${i}` }),
      );

    const second = startRun();
    try {
      await expect
        .poll(() => sim.sent.filter((s) => s.text.startsWith("while down ")).length, {
          timeout: 60_000,
        })
        .toBe(10);
      expect(sim.sent.filter((s) => s.text.startsWith("while down ")).map((s) => s.text)).toEqual(
        Array.from({ length: 10 }, (_, i) => `while down ${i + 1}`),
      );
    } finally {
      second.kill("SIGTERM");
      await exited(second);
    }
  });

  it("exits with 78 and lists every problem for an invalid config", async () => {
    const bad = join(dir, "bad.yaml");
    await writeFile(bad, "mqtt:\n  url: nope\nmodem:\n  baudRate: fast\n");
    const p = spawn(process.execPath, [CLI, "run", "--config", bad], {
      stdio: ["ignore", "ignore", "pipe"],
    });
    let stderr = "";
    p.stderr?.on("data", (d: Buffer) => {
      stderr += d.toString();
    });
    expect(await exited(p)).toBe(78);
    expect(stderr).toContain("mqtt.url:");
    expect(stderr).toContain("modem.baudRate:");
  });
});
