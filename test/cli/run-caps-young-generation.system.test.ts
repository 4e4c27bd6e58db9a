import { spawn, spawnSync } from "node:child_process";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TestClient } from "../mqtt/support/client.js";
import { type ProcessRig, startProcessRig } from "../support/process-rig.js";

/**
 * `smsgw run` sizes V8's young generation itself however it is started, unless node's own
 * flags size it: at its initial size while starting, free to grow under traffic, shrunk back
 * when the traffic stops.
 */

const CLI = fileURLToPath(new URL("../../dist/cli/main.js", import.meta.url));
const CAP = fileURLToPath(new URL("../../dist/cli/young-generation.js", import.meta.url));
let rig: ProcessRig;
let configPath: string;
let client: TestClient;

beforeAll(async () => {
  rig = await startProcessRig({ name: "young-gen", observerId: "young-gen-observer" });
  ({ configPath, client } = rig);
});

afterAll(() => rig?.dispose());

/**
 * Starts `smsgw run`, returns its "runtime" log line and, once it is online and its modem
 * ready, stops it and returns its exit code.
 */
async function runtimeOf(
  nodeFlags: string[],
): Promise<{ line: Record<string, unknown>; code: number | null }> {
  const proc = spawn(process.execPath, [...nodeFlags, CLI, "run", "--config", configPath], {
    stdio: ["ignore", "pipe", "inherit"],
    env: { ...process.env, SMSGW_LOG_LEVEL: "info", NODE_OPTIONS: "" },
  });
  const exited = new Promise<number | null>((r) => proc.once("exit", (code) => r(code)));
  const line = await new Promise<Record<string, unknown>>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("no runtime line within 60 s")), 60_000);
    createInterface({ input: proc.stdout }).on("line", (l) => {
      const j = JSON.parse(l) as Record<string, unknown>;
      if (j.msg !== "runtime") return;
      clearTimeout(timer);
      resolve(j);
    });
  });
  await client.waitForTopic("smsgw/bridge/state", (j) => j.state === "online", 60_000);
  await client.waitForTopic("smsgw/modem", (j) => j.state === "ready", 60_000);
  proc.kill("SIGTERM");
  const code = await exited;
  client.messages.length = 0;
  return { line, code };
}

const IDLE = fileURLToPath(new URL("../../dist/cli/idle-collect.js", import.meta.url));

/**
 * new_space's size (MB) in a node process after it kept lots of young objects alive for a
 * while: capped as at start-up, then (`grow`) allowed to grow as once the gateway has started,
 * then (`idle`) after the idle collections that follow the traffic.
 */
function youngGeneration(steps: { cap: boolean; grow?: boolean; idle?: boolean }): number[] {
  const script = `
    const young = await import(${JSON.stringify(CAP)});
    const { collectWhenIdle } = await import(${JSON.stringify(IDLE)});
    const { EventEmitter } = await import("node:events");
    const v8 = await import("node:v8");
    const size = () => v8.getHeapSpaceStatistics().find((x) => x.space_name === "new_space").space_size / 1048576;
    const churn = () => {
      let keep = [];
      for (let i = 0; i < 2e6; i++) { keep.push({ i, s: "x" + i }); if (keep.length > 50000) keep = []; }
    };
    const sizes = [];
    ${steps.cap ? "young.capYoungGeneration();" : ""}
    churn(); sizes.push(size());
    ${steps.grow ? `young.letYoungGenerationGrow(); churn(); sizes.push(size());` : ""}
    ${
      steps.idle
        ? `const events = new EventEmitter();
           const idle = collectWhenIdle(events, { quietMs: 200, settleMs: 6000 });
           events.emit("outbound");
           await new Promise((r) => setTimeout(r, 7000));
           idle.stop();
           sizes.push(size());`
        : ""
    }
    console.log(JSON.stringify(sizes));`;
  const out = spawnSync(process.execPath, ["--input-type=module", "-e", script], {
    encoding: "utf8",
    env: { ...process.env, NODE_OPTIONS: "" },
  });
  return JSON.parse(out.stdout.trim()) as number[];
}

describe("smsgw run's young generation", () => {
  it("is capped by the CLI itself when node is started without flags", async () => {
    const { line, code } = await runtimeOf([]);
    expect([line.youngGeneration, line.execArgv, code]).toEqual(["capped", [], 0]);
  });

  it("is left to node's flags when they size it", async () => {
    const { line, code } = await runtimeOf(["--max-semi-space-size=1"]);
    expect([line.youngGeneration, line.execArgv, code]).toEqual([
      "node flags",
      ["--max-semi-space-size=1"],
      0,
    ]);
  });

  it("stays at its initial size under allocation while the gateway starts", () => {
    expect(youngGeneration({ cap: true })[0]).toBeLessThanOrEqual(2);
  });

  it("grows under the same allocation without the cap (so the check above means something)", () => {
    expect(youngGeneration({ cap: false })[0]).toBeGreaterThan(2);
  });

  it("grows under traffic once the gateway has started, and is back at its initial size after the idle collections", () => {
    const [starting = 0, traffic = 0, idle = Number.POSITIVE_INFINITY] = youngGeneration({
      cap: true,
      grow: true,
      idle: true,
    });
    expect([traffic > 2, idle <= starting]).toEqual([true, true]);
  });
});
