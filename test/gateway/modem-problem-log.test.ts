import { EventEmitter } from "node:events";
import { pino } from "pino";
import { describe, expect, it } from "vitest";
import type { ModemConfig } from "../../src/config/schema.js";
import { logModemProblems } from "../../src/gateway/modem-problems.js";
import type { StateChange } from "../../src/modem/modem.js";

const modemConfig = { port: "/dev/ttyUSB2", baudRate: 115_200 } as ModemConfig;

function watch() {
  const lines: Array<{ level: number; msg: string; [k: string]: unknown }> = [];
  const log = pino({ level: "info" }, { write: (l: string) => lines.push(JSON.parse(l)) });
  const modem = new EventEmitter();
  logModemProblems(modem, modemConfig, log);
  const change = (to: string, reason: string) =>
    modem.emit("state", { from: "syncing", to, reason, at: "" } as StateChange);
  return { errors: () => lines.filter((l) => l.level >= 50), change };
}

describe("the gateway's log of modem problems a human must fix", () => {
  it("says once that the port is missing, however often the port is retried", () => {
    const w = watch();
    w.change("failed", "no-port");
    w.change("failed", "no-port");
    w.change("failed", "no-port");
    expect(w.errors()).toHaveLength(1);
  });

  it("says it again after the modem had answered in between", () => {
    const w = watch();
    w.change("failed", "no-port");
    w.change("ready", "registered");
    w.change("failed", "no-port");
    expect(w.errors()).toHaveLength(2);
  });

  it("gives the doctor's advice for a device that is not a modem", () => {
    const w = watch();
    w.change("failed", "not-a-modem");
    expect(w.errors()[0]).toMatchObject({
      reason: "not-a-modem",
      finding: "modem-not-responding",
      command: "smsgw at --port /dev/ttyUSB2 AT",
    });
  });

  it("names the fix for a port it may not open", () => {
    const w = watch();
    w.change("failed", "port-access-denied");
    expect(w.errors()[0]?.msg).toContain("dialout");
  });

  it("stays quiet about failures a recovery ladder handles", () => {
    const w = watch();
    w.change("failed", "no-answer");
    w.change("recovering", "health-check-failed");
    expect(w.errors()).toEqual([]);
  });
});
