import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import type { DoctorReport } from "../../src/doctor/types.js";
import { openPtyPair } from "../modem/transport/support/socat-pty.js";
import { runCli, startCli, waitForOutput } from "./support/cli-process.js";

/**
 * `smsgw doctor` as a user runs it: the built CLI through the native serialport binding,
 * against `smsgw simulate --pty` (a socat pseudo-terminal) in another process.
 */
const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function simulatedPty(...args: string[]): Promise<string> {
  const dir = mkdtempSync(path.join(tmpdir(), "smsgw-doctor-pty-"));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  const link = path.join(dir, "ttySIM");
  const sim = startCli(["simulate", "--pty", link, ...args]);
  cleanups.push(sim.stop);
  await waitForOutput(sim.child, /pseudo-terminal/);
  return link;
}

describe("smsgw doctor over a real pseudo-terminal", () => {
  it("reports a healthy modem as JSON and exits 0", async () => {
    const link = await simulatedPty("--profile", "EC25");
    const { code, stdout } = await runCli(["doctor", "--port", link, "--baud", "57600", "--json"]);
    const report = JSON.parse(stdout) as DoctorReport;
    expect(report).toMatchObject({
      port: link,
      baud: { probed: true, rate: 57600, tried: [57600] },
      responding: true,
      modem: {
        manufacturer: "Quectel",
        model: "EC25",
        firmware: "EC25EFAR06A03M4G",
        imei: "8612…0128",
        profile: "ec2x",
        sim: { state: "ready", pinRequired: false, pinAttemptsLeft: null },
        registration: {
          state: "home",
          accessTechnology: { code: 7, name: "LTE", generation: "4G", inferred: false },
        },
        operator: { name: "Telekom.de", mcc: "262", mnc: "01" },
        signal: { rssi: 20, dbm: -73, percent: 65 },
        smsc: "+491710760000",
        storage: { memory: "SM", used: 0, total: 30 },
      },
      problems: [],
      ok: true,
    });
    expect(code).toBe(0);
  });

  it("reports a PIN-locked SIM and exits 1", async () => {
    const link = await simulatedPty("--profile", "SIM800", "--pin", "2468");
    const { code, stdout } = await runCli(["doctor", "--port", link, "--json"]);
    const report = JSON.parse(stdout) as DoctorReport;
    expect(report.modem?.sim).toEqual({
      state: "pin-required",
      pinRequired: true,
      pinAttemptsLeft: 3,
    });
    expect(report.problems.map((p) => p.id)).toEqual(["sim-pin-required"]);
    expect(code).toBe(1);
  });

  it("tries every baud rate on a silent line, closing the port between them, and exits 1", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "smsgw-doctor-pty-"));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const pty = await openPtyPair(dir);
    cleanups.push(pty.kill);
    const { code, stdout } = await runCli(["doctor", "--port", pty.a, "--json"]);
    const report = JSON.parse(stdout) as DoctorReport;
    expect(report.baud).toEqual({
      probed: true,
      rate: null,
      tried: [115200, 57600, 38400, 19200, 9600],
    });
    expect(report.problems.map((p) => p.id)).toEqual(["modem-not-responding"]);
    expect(code).toBe(1);
  });

  it("exits 2 on a usage error", async () => {
    const { code, stderr } = await runCli(["doctor", "--baud", "57600"]);
    expect(stderr).toContain("--port");
    expect(code).toBe(2);
  });
});
