import { type ChildProcess, execFile, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TestClient } from "../../mqtt/support/client.js";
import { type ProcessRig, startProcessRig } from "../../support/process-rig.js";

/**
 * USSD and incoming calls end to end: `smsgw run` as its own process, the simulated module over
 * TCP (its canned `*100#` balance and `*101#` menu), a real mosquitto in between.
 */

const CLI = fileURLToPath(new URL("../../../dist/cli/main.js", import.meta.url));
let rig: ProcessRig;
let client: TestClient;
let gateway: ChildProcess;

function exited(p: ChildProcess): Promise<number | null> {
  return p.exitCode !== null
    ? Promise.resolve(p.exitCode)
    : new Promise((r) => p.once("exit", (code) => r(code)));
}

async function ussd(body: Record<string, unknown>): Promise<Record<string, unknown>> {
  const transaction = `t-${Math.random().toString(36).slice(2)}`;
  await client.publish("smsgw/bridge/request/ussd", JSON.stringify({ ...body, transaction }));
  const m = await client.waitForTopic(
    "smsgw/bridge/response/ussd",
    (j) => j.transaction === transaction,
    30_000,
  );
  return m.json as Record<string, unknown>;
}

beforeAll(async () => {
  rig = await startProcessRig({
    name: "ussd",
    observerId: "ussd-observer",
    mqtt: ["  clientId: smsgw-ussd-test"],
    // One ring a second: a call that rings out is over quickly.
    sim: { ringIntervalMs: 1000 },
  });
  client = rig.client;
  gateway = spawn(process.execPath, [CLI, "run", "--config", rig.configPath], {
    stdio: ["ignore", "ignore", "pipe"],
    env: { ...process.env, SMSGW_LOG_LEVEL: "warn" },
  });
  await client.waitForTopic("smsgw/bridge/state", (j) => j.state === "online", 60_000);
  await client.waitForTopic("smsgw/modem", (j) => j.state === "ready", 60_000);
}, 90_000);

afterAll(async () => {
  if (gateway !== undefined && gateway.exitCode === null) {
    gateway.kill("SIGTERM");
    await exited(gateway);
  }
  await rig?.dispose();
});

describe("USSD through the MQTT bridge", () => {
  it("*100# is answered on bridge/response/ussd with the network's balance text", async () => {
    const r = await ussd({ code: "*100#" });
    expect(r).toMatchObject({
      status: "ok",
      data: { status: "done", text: "Balance: 12.34 EUR", sessionOpen: false },
    });
  });

  it("a menu (m = 1) stays open and is answered with session: reply", async () => {
    const menu = await ussd({ code: "*101#" });
    expect(menu).toMatchObject({
      status: "ok",
      data: { status: "further-action", text: "1. Balance\n2. Data", sessionOpen: true },
    });
    expect(rig.sim.ussdMenuOpen).toBe(true);
    const answer = await ussd({ session: "reply", text: "2" });
    expect(answer).toMatchObject({
      status: "ok",
      data: { status: "done", text: "Data left: 1.5 GB", sessionOpen: false },
    });
  });

  it("`smsgw ussd '*100#'` against the running gateway prints the balance and exits 0", async () => {
    const { stdout } = await promisify(execFile)(process.execPath, [
      CLI,
      "ussd",
      "*100#",
      "--config",
      rig.configPath,
    ]);
    expect(stdout.trim()).toBe("Balance: 12.34 EUR");
  });
});

describe("incoming calls through the MQTT bridge", () => {
  it("a call rung on the module is announced on <base>/call at QoS 1, not retained", async () => {
    rig.sim.call("+491701234567", 2);
    const m = await client.waitForTopic("smsgw/call", (j) => j.from === "+491701234567", 30_000);
    expect(m.json).toMatchObject({ from: "+491701234567" });
    expect(m.qos).toBe(1);
    expect(m.retain).toBe(false);
  });

  it("a call that rings out is counted in <base>/modem as a missed call", async () => {
    const m = await client.waitForTopic("smsgw/modem", (j) => j.missedCalls === 1, 30_000);
    expect(m.json).toMatchObject({ missedCalls: 1 });
  });
});
