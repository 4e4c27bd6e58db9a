import { type ChildProcess, spawn } from "node:child_process";
import { createServer } from "node:net";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ProcessRig, startProcessRig } from "../support/process-rig.js";
import { NpmEsme, textOf } from "./support/npm-client.js";

/**
 * `smsgw run` as its own process with the SMPP server, mosquitto and the simulated module over
 * TCP, driven by the npm `smpp` client: submit, receipt, inbound SMS, and a delivery left
 * unanswered across a SIGKILL of the gateway arrives after it restarts.
 */

const CLI = fileURLToPath(new URL("../../dist/cli/main.js", import.meta.url));
const ACCOUNT = { systemId: "shop", password: "s3cret-pass" };
let rig: ProcessRig;
let port: number;
let gateway: ChildProcess | undefined;

async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, "127.0.0.1", r));
  const p = (s.address() as { port: number }).port;
  await new Promise((r) => s.close(r));
  return p;
}

async function startRun(): Promise<void> {
  gateway = spawn(process.execPath, [CLI, "run", "--config", rig.configPath], {
    stdio: ["ignore", "ignore", "inherit"],
    env: { ...process.env, SMSGW_LOG_LEVEL: "warn" },
  });
  await rig.client.waitForTopic("smsgw/modem", (j) => j.state === "ready", 60_000);
}

async function killRun(): Promise<void> {
  const p = gateway;
  if (p === undefined || p.exitCode !== null) return;
  const gone = new Promise((r) => p.once("exit", r));
  p.kill("SIGKILL");
  await gone;
}

async function bind(mode: "transceiver" | "receiver"): Promise<NpmEsme> {
  for (let i = 0; ; i++) {
    try {
      const esme = await NpmEsme.connect(port);
      const resp = await esme.bind(mode, ACCOUNT.systemId, ACCOUNT.password);
      expect(resp.command_status).toBe(0);
      return esme;
    } catch (err) {
      if (i > 100) throw err;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

beforeAll(async () => {
  port = await freePort();
  rig = await startProcessRig({
    name: "smpp-run",
    observerId: "smpp-run-observer",
    sim: { autoDeliveryReport: true },
    more: [
      "sms:",
      "  deliveryReports: false",
      "smpp:",
      "  enabled: true",
      `  port: ${port}`,
      "  accounts:",
      `    - { systemId: ${ACCOUNT.systemId}, password: ${ACCOUNT.password} }`,
    ],
  });
  await startRun();
}, 90_000);

afterAll(async () => {
  await killRun();
  await rig?.dispose();
});

describe("smsgw run with the SMPP server and the npm smpp client", () => {
  it("sends a submit_sm through the modem and returns its receipt as a deliver_sm", async () => {
    const esme = await bind("transceiver");
    const resp = await esme.submit({
      destination_addr: "+491701234567",
      short_message: "system test",
      registered_delivery: 1,
    });
    expect(resp.command_status).toBe(0);
    const [dlr] = await esme.deliveries(1);
    expect([dlr?.esm_class, dlr?.receipted_message_id]).toEqual([0x04, resp.message_id]);
    expect(rig.sim.sent.map((s) => s.text)).toContain("system test");
    esme.close();
  }, 60_000);

  it("delivers an inbound SMS left unanswered before a SIGKILL after the gateway restarts", async () => {
    const first = await bind("receiver");
    first.answer = false;
    rig.sim.deliverSms({ from: "+491709876543", text: "across a crash" });
    const [mo] = await first.deliveries(1);
    expect(textOf(mo)).toBe("across a crash");
    await killRun();
    first.close();
    await startRun();
    const second = await bind("receiver");
    const [again] = await second.deliveries(1);
    expect(textOf(again)).toBe("across a crash");
    second.close();
  }, 120_000);
});
