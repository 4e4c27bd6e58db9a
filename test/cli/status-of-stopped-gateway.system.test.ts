import { type ChildProcess, execFile, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TestClient } from "../mqtt/support/client.js";
import type { Mosquitto } from "../mqtt/support/mosquitto.js";
import { type ProcessRig, startProcessRig } from "../support/process-rig.js";

/** `smsgw status` against a real mosquitto, a gateway started and stopped as processes. */

const CLI = fileURLToPath(new URL("../../dist/cli/main.js", import.meta.url));
let broker: Mosquitto;
let rig: ProcessRig;
let dir: string;
let configPath: string;
let client: TestClient;

beforeAll(async () => {
  rig = await startProcessRig({ name: "status", observerId: "status-observer" });
  ({ broker, dir, configPath, client } = rig);
});

afterAll(() => rig?.dispose());

function status(...args: string[]): Promise<{ code: number; stdout: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [CLI, "status", "--url", broker.url, ...args],
      { cwd: dir, env: { ...process.env, SMSGW_LOG_LEVEL: "warn" } },
      (err, stdout) => resolve({ code: err === null ? 0 : Number(err.code), stdout }),
    );
  });
}

function exited(p: ChildProcess): Promise<number | null> {
  return p.exitCode !== null
    ? Promise.resolve(p.exitCode)
    : new Promise((r) => p.once("exit", (code) => r(code)));
}

describe("smsgw status", () => {
  it("says no gateway published and exits 3 when there never was one", async () => {
    const r = await status();
    expect([r.code, r.stdout.split("\n")[0]]).toEqual([
      3,
      `gateway   none: nothing published on smsgw/bridge/state at ${broker.url}`,
    ]);
  });

  it("shows a running gateway as online and exits 0, then after its stop says since when it is offline and exits 3", async () => {
    const gw = spawn(process.execPath, [CLI, "run", "--config", configPath], {
      cwd: dir,
      stdio: "ignore",
      env: { ...process.env, SMSGW_LOG_LEVEL: "warn" },
    });
    await client.waitForTopic("smsgw/bridge/state", (j) => j.state === "online", 60_000);
    await client.waitForTopic("smsgw/stats", () => true, 60_000);
    const online = await status();
    gw.kill("SIGTERM");
    expect(await exited(gw)).toBe(0);
    const offline = await status();
    expect([
      online.code,
      online.stdout.startsWith("gateway   online"),
      offline.code,
      /^gateway {3}OFFLINE since \d{4}-\d\d-\d\dT[\d:.]+Z \(\d+ s ago; it was stopped\)$/.test(
        offline.stdout.split("\n")[0] ?? "",
      ),
      offline.stdout.includes("messages "),
    ]).toEqual([0, true, 3, true, false]);
  });
});
