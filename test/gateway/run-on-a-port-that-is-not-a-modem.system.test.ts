import { type ChildProcess, spawn } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openPtyPair, type PtyPair } from "../modem/transport/support/socat-pty.js";
import { TestClient } from "../mqtt/support/client.js";
import { Mosquitto } from "../mqtt/support/mosquitto.js";

/**
 * `smsgw run` (the built CLI) on one end of a socat pseudo-terminal pair with nothing on the
 * other end: a port that exists and opens, but where no modem answers. (How the ladder goes on
 * from there, on fake time: test/modem/lifecycle/reports-a-port-that-is-not-a-modem.test.ts.)
 */

const CLI = fileURLToPath(new URL("../../dist/cli/main.js", import.meta.url));

let broker: Mosquitto;
let pty: PtyPair;
let dir: string;
let proc: ChildProcess | undefined;
/** Subscribed before the gateway starts: it sees every state the gateway publishes. */
let client: TestClient;

beforeAll(async () => {
  broker = await Mosquitto.start();
  dir = await mkdtemp(join(tmpdir(), "smsgw-notamodem-"));
  pty = await openPtyPair(dir);
  const configPath = join(dir, "smsgw.yaml");
  await writeFile(
    configPath,
    [
      "modem:",
      `  port: ${pty.a}`,
      "mqtt:",
      `  url: ${broker.url}`,
      "  clientId: smsgw-notamodem-test",
      "store:",
      `  dir: ${join(dir, "data")}`,
      "",
    ].join("\n"),
  );
  client = await TestClient.connect(broker.url, ["smsgw/modem"]);
  proc = spawn(process.execPath, [CLI, "run", "--config", configPath], {
    stdio: ["ignore", "ignore", "ignore"],
    env: { ...process.env, SMSGW_LOG_LEVEL: "warn" },
  });
});

afterAll(async () => {
  if (proc !== undefined && proc.exitCode === null) {
    const exited = new Promise((r) => proc?.once("exit", r));
    proc.kill("SIGTERM");
    await exited;
  }
  await client?.close();
  await pty?.kill();
  await broker?.dispose();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe("smsgw run on a port where no modem answers", () => {
  it("reports the reason not-a-modem on <base>/modem", async () => {
    const m = await client.waitForTopic("smsgw/modem", (j) => j.reason === "not-a-modem", 60_000);
    expect(m.json).toMatchObject({ reason: "not-a-modem" });
  });
});
