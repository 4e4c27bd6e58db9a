import { type ChildProcess, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TestClient } from "../mqtt/support/client.js";
import { Mosquitto } from "../mqtt/support/mosquitto.js";

/**
 * `smsgw run` (the built CLI, its own process) on a machine without the modem's port, with a
 * real mosquitto: it must come up, say what is wrong, and stop promptly on SIGTERM.
 */

const CLI = fileURLToPath(new URL("../../dist/cli/main.js", import.meta.url));
const MISSING = "/dev/ttyDOES-NOT-EXIST";
/**
 * The stop itself is immediate; the bound is loose because a machine running other tests can
 * stretch a start in progress by seconds. The fault it guards against kept the process alive
 * for ten minutes and more, until a second signal.
 */
const EXIT_WITHIN_MS = 15_000;

let broker: Mosquitto;
let dir: string;
let configPath: string;

beforeAll(async () => {
  broker = await Mosquitto.start();
  dir = await mkdtemp(join(tmpdir(), "smsgw-noport-run-"));
  configPath = join(dir, "smsgw.yaml");
  await writeFile(
    configPath,
    [
      "modem:",
      `  port: ${MISSING}`,
      "mqtt:",
      `  url: ${broker.url}`,
      "  clientId: smsgw-noport-test",
      "store:",
      `  dir: ${join(dir, "data")}`,
      "",
    ].join("\n"),
  );
});

afterAll(async () => {
  await broker?.dispose();
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** The process, its log lines (JSON on stdout) and its exit. */
function run(
  args = ["--config", configPath],
  opts: { cwd?: string; env?: NodeJS.ProcessEnv } = {},
): { proc: ChildProcess; lines: () => string[]; exit: Promise<number | null> } {
  const proc = spawn(process.execPath, [CLI, "run", ...args], {
    stdio: ["ignore", "pipe", "pipe"],
    cwd: opts.cwd,
    env: { ...process.env, SMSGW_LOG_LEVEL: "info", ...opts.env },
  });
  let out = "";
  proc.stdout?.on("data", (d: Buffer) => {
    out += d.toString();
  });
  const exit = new Promise<number | null>((r) => proc.once("exit", (code) => r(code)));
  return { proc, lines: () => out.split("\n").filter((l) => l !== ""), exit };
}

async function until(pred: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!pred()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe("smsgw run without its modem port", () => {
  it("reports failed/no-port on MQTT and logs the error with its fix", async () => {
    const client = await TestClient.connect(broker.url, ["smsgw/#"]);
    const r = run();
    try {
      const m = await client.waitForTopic("smsgw/modem", (j) => j.state === "failed", 30_000);
      expect(m.json).toMatchObject({ state: "failed", reason: "no-port" });
      const errors = r.lines().filter((l) => /"level":50/.test(l));
      expect(errors.join("\n")).toContain("/dev/serial/by-id/");
    } finally {
      r.proc.kill("SIGTERM");
      await r.exit;
      await client.close();
    }
  });

  it("exits with code 0 within a few seconds of SIGTERM", async () => {
    const r = run();
    await until(() => r.lines().some((l) => l.includes("gateway started")), 30_000, "start");
    const sent = Date.now();
    r.proc.kill("SIGTERM");
    const code = await r.exit;
    expect([code, Date.now() - sent < EXIT_WITHIN_MS]).toEqual([0, true]);
  });

  it("exits with code 0 when SIGTERM comes while it is still starting", async () => {
    const r = run();
    await until(() => r.lines().some((l) => l.includes('"configuration"')), 30_000, "config");
    const sent = Date.now();
    r.proc.kill("SIGTERM");
    const code = await r.exit;
    expect([code, Date.now() - sent < EXIT_WITHIN_MS]).toEqual([0, true]);
  });

  it.skipIf(existsSync("/dev/serial0") || existsSync("/etc/smsgw/smsgw.yaml"))(
    "with no config file on a machine without /dev/serial0: reports no-port",
    async () => {
      const client = await TestClient.connect(broker.url, ["smsgw/#"]);
      const cwd = await mkdtemp(join(tmpdir(), "smsgw-noconfig-"));
      const r = run([], {
        cwd,
        env: {
          SMSGW_MQTT_URL: broker.url,
          SMSGW_MQTT_CLIENT_ID: "smsgw-noconfig-test",
          SMSGW_STORE_DIR: join(cwd, "data"),
        },
      });
      try {
        const m = await client.waitForTopic("smsgw/modem", (j) => j.state === "failed", 30_000);
        expect(m.json).toMatchObject({ state: "failed", reason: "no-port" });
      } finally {
        r.proc.kill("SIGTERM");
        await r.exit;
        await client.close();
        await rm(cwd, { recursive: true, force: true });
      }
    },
  );
});
