import { afterEach, describe, expect, it } from "vitest";
import { type Harness, harness } from "./support/harness.js";

let h: Harness;
afterEach(() => h.close());

const pinCommands = (h: Harness) => h.sim.commands.filter((c) => /^AT\+CPIN=/i.test(c));

describe("SIM PIN", () => {
  it("enters the configured PIN once and becomes ready", async () => {
    h = await harness({ sim: { pin: "4711" }, modem: { pin: "4711" } });
    await h.modem.start();
    await h.untilState("ready", 60_000);
    expect(pinCommands(h)).toEqual(['AT+CPIN="4711"']);
  });

  it("passes through sim-locked", async () => {
    h = await harness({ sim: { pin: "4711" }, modem: { pin: "4711" } });
    await h.modem.start();
    await h.untilState("ready", 60_000);
    expect(h.changes.map((c) => c.to)).toContain("sim-locked");
  });

  it("a rejected PIN ends degraded with reason sim-pin-rejected", async () => {
    h = await harness({ sim: { pin: "4711" }, modem: { pin: "1234" } });
    await h.modem.start();
    await h.untilState("degraded", 60_000);
    expect(h.modem.reason).toBe("sim-pin-rejected");
  });

  it("a rejected PIN is never retried automatically", async () => {
    h = await harness({
      sim: { pin: "4711" },
      modem: { pin: "1234", timing: { healthIntervalMs: 10_000 } },
    });
    await h.modem.start();
    await h.untilState("degraded", 60_000);
    await h.advance(600_000);
    expect(pinCommands(h)).toHaveLength(1);
    expect(h.sim.sim.pinAttempts).toBe(2);
  });

  it("a rejected PIN is not re-entered after the modem reboots", async () => {
    h = await harness({ sim: { pin: "4711" }, modem: { pin: "1234" } });
    await h.modem.start();
    await h.untilState("degraded", 60_000);
    h.sim.reboot();
    await h.until(() => h.changes.some((c) => c.reason === "modem-rebooted"), 10_000);
    await h.untilState("degraded", 60_000);
    expect(pinCommands(h)).toHaveLength(1);
  });

  it("a PIN given later by a human is tried", async () => {
    h = await harness({ sim: { pin: "4711" }, modem: { pin: "1234" } });
    await h.modem.start();
    await h.untilState("degraded", 60_000);
    h.modem.setPin("4711");
    await h.untilState("ready", 60_000);
    expect(pinCommands(h)).toEqual(['AT+CPIN="1234"', 'AT+CPIN="4711"']);
  });

  it("never spends the last attempt", async () => {
    h = await harness({ sim: { pin: "4711" }, modem: { pin: "4711" } });
    h.sim.sim.pinAttempts = 1;
    await h.modem.start();
    await h.untilState("degraded", 60_000);
    expect(h.modem.reason).toBe("sim-pin-last-attempt");
    expect(pinCommands(h)).toEqual([]);
  });

  it("reports the attempts left", async () => {
    h = await harness({ sim: { pin: "4711" }, modem: { pin: "1234" } });
    h.sim.sim.pinAttempts = 2;
    await h.modem.start();
    await h.untilState("degraded", 60_000);
    expect(h.modem.info.pinAttemptsLeft).toBe(2);
  });

  it("without a configured PIN reports sim-pin-required", async () => {
    h = await harness({ sim: { pin: "4711" } });
    await h.modem.start();
    await h.untilState("degraded", 60_000);
    expect(h.modem.reason).toBe("sim-pin-required");
    expect(pinCommands(h)).toEqual([]);
  });
});

describe("SIM PUK", () => {
  it("is reported and never guessed", async () => {
    h = await harness({
      sim: { pin: "4711" },
      modem: { pin: "4711", timing: { healthIntervalMs: 10_000 } },
    });
    h.sim.sim.pinAttempts = 0;
    await h.modem.start();
    await h.untilState("degraded", 60_000);
    await h.advance(300_000);
    expect(h.modem.reason).toBe("sim-puk-required");
    expect(pinCommands(h)).toEqual([]);
  });
});

describe("no SIM or SIM busy", () => {
  it("no SIM is reported as sim-absent", async () => {
    h = await harness({ sim: { simAbsent: true } });
    await h.modem.start();
    await h.untilState("degraded", 60_000);
    expect(h.modem.reason).toBe("sim-absent");
    expect(h.modem.info.sim).toBe("absent");
  });

  it("retries with backoff and becomes ready once a SIM is inserted", async () => {
    h = await harness({ sim: { simAbsent: true } });
    await h.modem.start();
    await h.untilState("degraded", 60_000);
    await h.advance(20_000);
    const asked = h.sim.commands.filter((c) => c === "AT+CPIN?").length;
    expect(asked).toBeGreaterThan(2);
    h.sim.insertSim();
    await h.untilState("ready", 300_000);
  });

  it("backs off: the gaps between SIM checks grow", async () => {
    h = await harness({ sim: { simAbsent: true } });
    const times: number[] = [];
    h.sim.on("command", (line: string) => {
      if (line === "AT+CPIN?") times.push(Date.now());
    });
    await h.modem.start();
    await h.advance(120_000);
    const gaps = times.slice(1).map((t, i) => t - times[i]!);
    expect(gaps.length).toBeGreaterThan(3);
    expect(gaps.at(-1)!).toBeGreaterThan(gaps[0]!);
  });

  it("SIM busy (+CME ERROR: 14) is reported and retried until it clears", async () => {
    h = await harness();
    h.sim.setSimBusy(true);
    await h.modem.start();
    await h.untilState("degraded", 60_000);
    expect(h.modem.reason).toBe("sim-busy");
    h.sim.setSimBusy(false);
    await h.untilState("ready", 300_000);
  });
});
