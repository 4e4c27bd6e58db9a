import { afterEach, describe, expect, it } from "vitest";
import { type Harness, harness } from "./support/harness.js";

let h: Harness;
afterEach(() => h.close());

describe("a modem that is off at start", () => {
  it("is switched on by one PWRKEY pulse and becomes ready", async () => {
    h = await harness({ sim: { poweredOn: false, profile: "SIM7600" }, power: true });
    await h.modem.start();
    await h.untilState("ready", 60_000);
    expect(h.sim.poweredOn).toBe(true);
    expect(h.pwrkey?.pulses()).toHaveLength(1);
  });

  it("pulses only after AT went unanswered (PWRKEY is a toggle)", async () => {
    h = await harness({ sim: { poweredOn: false }, power: true });
    await h.modem.start();
    await h.untilState("ready", 60_000);
    expect(h.changes.map((c) => c.to).slice(0, 3)).toEqual(["syncing", "powering-on", "syncing"]);
  });

  it("counts the power-on as a reset", async () => {
    h = await harness({ sim: { poweredOn: false }, power: true });
    await h.modem.start();
    await h.untilState("ready", 60_000);
    expect(h.modem.stats.resets).toEqual({ "power-on": 1 });
  });

  it("waits for the SMS-ready URC before the SMS set-up", async () => {
    h = await harness({ sim: { poweredOn: false, timing: "realistic" }, power: true });
    await h.modem.start();
    await h.untilState("ready", 120_000);
    const cmgf = h.sim.commands.indexOf("AT+CMGF=0");
    expect(cmgf).toBeGreaterThan(-1);
    expect(h.sim.smsReady).toBe(true);
  });

  it("does not pulse when the STATUS pin says the modem is on", async () => {
    h = await harness({ sim: { poweredOn: true }, power: { status: true } });
    h.sim.hang(true);
    await h.modem.start();
    await h.until(() => h.modem.state === "recovering", 60_000);
    expect(h.pwrkey?.pulses()).toEqual([]);
  });

  it("without power control it stays silent and climbs the recovery ladder", async () => {
    h = await harness({ sim: { poweredOn: false } });
    await h.modem.start();
    await h.until(() => h.modem.state === "recovering", 30_000);
    expect(h.sim.poweredOn).toBe(false);
  });

  it("is reported as not-a-modem while nothing on the port has ever answered", async () => {
    h = await harness({ sim: { poweredOn: false } });
    await h.modem.start();
    await h.until(() => h.modem.state === "recovering", 30_000);
    expect(h.modem.reason).toBe("not-a-modem");
  });
});
