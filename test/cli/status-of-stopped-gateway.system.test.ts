import { type ChildProcess, execFile, spawn } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import type { Server } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SimulatedModem } from "../../src/simulator/index.js";
import { TestClient } from "../mqtt/support/client.js";
import { Mosquitto } from "../mqtt/support/mosquitto.js";

/** `smsgw status` against a real mosquitto, a gateway started and stopped as processes. */

const CLI = fileURLToPath(new URL("../../dist/cli/main.js", import.meta.url));
let broker: Mosquitto;
let sim: SimulatedModem;
let server: Server;
let dir: string;
let configPath: string;
let client: TestClient;

beforeAll(async () => {
  broker = await Mosquitto.start();
  dir = await mkdtemp(join(tmpdir(), "smsgw-status-"));
  sim = new SimulatedModem({ profile: "SIM800", timing: "instant" });
  server = await sim.listenTcp("127.0.0.1", 0);
  const addr = server.address();
  const simPort = typeof addr === "object" && addr !== null ? addr.port : 0;
  configPath = join(dir, "smsgw.yaml");
  await writeFile(
    configPath,
    [
      "modem:",
      `  port: tcp://127.0.0.1:${simPort}`,
      "mqtt:",
      `  url: ${broker.url}`,
      "store:",
      `  dir: ${join(dir, "data")}`,
      "",
    ].join("\n"),
  );
  client = await TestClient.connect(broker.url, ["smsgw/#"], "status-observer", false);
});

afterAll(async () => {
  await client?.close();
  await sim?.close();
  server?.close();
  await broker?.dispose();
  if (dir) await rm(dir, { recursive: true, force: true });
});

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
