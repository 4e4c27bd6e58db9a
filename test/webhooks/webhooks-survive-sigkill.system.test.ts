import { type ChildProcess, spawn } from "node:child_process";
import { createServer } from "node:net";
import { fileURLToPath } from "node:url";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { type ProcessRig, startProcessRig } from "../support/process-rig.js";
import { startReceiver } from "../support/webhook-receiver.js";

/**
 * `smsgw run` as its own process with a webhook: an event survives a SIGKILL and is delivered
 * with the id it had, once; a dead receiver collects a queue while SMS keep flowing.
 */

const CLI = fileURLToPath(new URL("../../dist/cli/main.js", import.meta.url));
const closers: Array<() => Promise<void>> = [];
let proc: ChildProcess | undefined;

afterEach(async () => {
  if (proc !== undefined) await killed(proc);
  proc = undefined;
  for (const c of closers.splice(0).reverse()) await c();
});
afterAll(async () => {
  if (proc !== undefined) await killed(proc);
});

async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, "127.0.0.1", r));
  const p = (s.address() as { port: number }).port;
  await new Promise((r) => s.close(r));
  return p;
}

function startRun(rig: ProcessRig): ChildProcess {
  return spawn(process.execPath, [CLI, "run", "--config", rig.configPath], {
    stdio: ["ignore", "ignore", "pipe"],
    env: { ...process.env, SMSGW_LOG_LEVEL: "error" },
  });
}

async function killed(p: ChildProcess): Promise<void> {
  if (p.exitCode !== null || p.signalCode !== null) return;
  const gone = new Promise((r) => p.once("exit", r));
  p.kill("SIGKILL");
  await gone;
}

async function ready(rig: ProcessRig): Promise<void> {
  await rig.client.waitForTopic("smsgw/modem", (j) => j.state === "ready", 60_000);
}

describe("a webhook event across a SIGKILL", () => {
  it("is delivered after the restart with the same id, and once the receiver answers 2xx, exactly once", async () => {
    const receiver = await startReceiver(500);
    closers.push(receiver.close);
    const rig = await startProcessRig({
      name: "whkill",
      observerId: "whkill-observer",
      mqtt: ["  clientId: smsgw-whkill-test"],
      more: [
        "sms:",
        "  deliveryReports: false",
        "webhooks:",
        "  firstRetrySeconds: 0.2",
        "  endpoints:",
        `    - { id: app, url: "${receiver.url}", events: [sms.received] }`,
      ],
    });
    closers.push(() => rig.dispose());
    proc = startRun(rig);
    await ready(rig);
    rig.sim.deliverSms({ from: "+491701234567", text: "survive me" });
    await receiver.waitFor(1);
    await killed(proc);
    const failed = receiver.requests.length;
    receiver.behave(200);
    proc = startRun(rig);
    await receiver.waitFor(failed + 1);
    // Time for a duplicate to show, were there one: retries come every 0.2 s or more.
    await new Promise((r) => setTimeout(r, 1500));
    const ids = new Set(receiver.requests.map((q) => q.headers["webhook-id"]));
    expect({
      ids: ids.size,
      delivered: receiver.requests.filter((q) => q.answered === 200).length,
      text: JSON.parse(receiver.requests.at(-1)?.body ?? "{}").data?.text,
    }).toEqual({ ids: 1, delivered: 1, text: "survive me" });
  }, 120_000);
});

describe("a dead receiver", () => {
  it("collects 500 events while every SMS is still received and published", async () => {
    const dead = await freePort();
    const metricsPort = await freePort();
    const rig = await startProcessRig({
      name: "whdead",
      observerId: "whdead-observer",
      mqtt: ["  clientId: smsgw-whdead-test"],
      sim: { simCapacity: 100 },
      more: [
        "sms:",
        "  deliveryReports: false",
        "metrics:",
        "  enabled: true",
        `  listen: 127.0.0.1:${metricsPort}`,
        "webhooks:",
        "  endpoints:",
        `    - { id: dead, url: "http://127.0.0.1:${dead}/hook", events: [sms.received] }`,
      ],
    });
    closers.push(() => rig.dispose());
    proc = startRun(rig);
    await ready(rig);
    for (let batch = 0; batch < 20; batch++) {
      for (let i = 0; i < 25; i++)
        rig.sim.deliverSms({ from: "+491701234567", text: `flow ${batch * 25 + i}` });
      await expect
        .poll(() => rig.client.on("smsgw/received").length, { timeout: 60_000, interval: 50 })
        .toBeGreaterThanOrEqual((batch + 1) * 25);
    }
    const pending = async () => {
      const text = await (await fetch(`http://127.0.0.1:${metricsPort}/metrics`)).text();
      return Number(/^smsgw_webhook_pending_events (\d+)/m.exec(text)?.[1] ?? -1);
    };
    expect({
      received: new Set(rig.client.jsonOn<{ id: string }>("smsgw/received").map((m) => m.id)).size,
      pending: await pending(),
    }).toEqual({ received: 500, pending: 500 });
  }, 180_000);
});
