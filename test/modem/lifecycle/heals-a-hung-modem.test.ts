import { afterEach, describe, expect, it } from "vitest";
import { type Harness, harness } from "./support/harness.js";

let h: Harness;
afterEach(() => h.close());

const timing = {
  healthIntervalMs: 10_000,
  recoverBaseMs: 1000,
  recoverMaxMs: 8000,
  maxRounds: 2,
  failedRetryMs: 60_000,
};

describe("a modem that hangs", () => {
  it("is noticed by the health check", async () => {
    h = await harness({ modem: { timing } });
    await h.modem.start();
    await h.untilState("ready");
    h.sim.hang(true);
    await h.untilState("recovering", 30_000);
    expect(h.modem.reason).toBe("health-check-failed");
  });

  it("is healed by a GPIO power cycle through PWRKEY", async () => {
    h = await harness({ modem: { timing }, power: true });
    await h.modem.start();
    await h.untilState("ready");
    h.sim.hang(true);
    await h.untilState("recovering", 30_000);
    await h.untilState("ready", 180_000);
    expect(h.sim.hung).toBe(false);
    // off-pulse, then on-pulse
    expect(h.pwrkey?.pulses()).toHaveLength(2);
    expect(h.modem.stats.resets["power-cycle"]).toBe(1);
  });

  it("tries retry, re-sync and AT+CFUN=1,1 before the power cycle", async () => {
    h = await harness({ modem: { timing }, power: true });
    await h.modem.start();
    await h.untilState("ready");
    h.sim.hang(true);
    await h.untilState("recovering", 30_000);
    await h.untilState("ready", 180_000);
    expect(h.modem.stats.resets).toMatchObject({ "cfun-reset": 1, "power-cycle": 1 });
    expect(h.changes.map((c) => c.reason)).toContain("recovered-by-power-cycle");
  });

  it("announces each step of the ladder it takes as a recovery event, in order", async () => {
    h = await harness({ modem: { timing }, power: true });
    const steps: string[] = [];
    h.modem.on("recovery", (r) => steps.push(r.action));
    await h.modem.start();
    await h.untilState("ready");
    h.sim.hang(true);
    await h.untilState("recovering", 30_000);
    await h.untilState("ready", 180_000);
    expect(steps).toEqual(["retry", "resync", "cfun-reset", "power-cycle"]);
  });

  it("comes back configured (echo off, +CMTI routing) after the power cycle", async () => {
    h = await harness({ modem: { timing }, power: true });
    await h.modem.start();
    await h.untilState("ready");
    h.sim.hang(true);
    await h.untilState("recovering", 30_000);
    await h.untilState("ready", 180_000);
    expect(h.sim.settings.echo).toBe(false);
    expect(h.sim.settings.cnmi.mt).toBe(1);
  });

  it("without power control ends failed after N rounds, with one alert", async () => {
    h = await harness({ modem: { timing } });
    await h.modem.start();
    await h.untilState("ready");
    h.sim.hang(true);
    await h.untilState("failed", 300_000);
    expect(h.alerts).toHaveLength(1);
    expect(h.alerts[0]).toMatchObject({ rounds: 2 });
  });

  it("reopens the transport once per round before giving up", async () => {
    h = await harness({ modem: { timing } });
    await h.modem.start();
    await h.untilState("ready");
    h.sim.hang(true);
    await h.untilState("failed", 300_000);
    expect(h.reopens).toBe(2);
  });

  it("keeps retrying slowly once failed, and recovers when the modem answers again", async () => {
    h = await harness({ modem: { timing } });
    await h.modem.start();
    await h.untilState("ready");
    h.sim.hang(true);
    await h.untilState("failed", 300_000);
    h.sim.hang(false);
    await h.untilState("ready", 600_000);
    expect(h.alerts).toHaveLength(1);
  });
});

describe("a reopen step that never finishes (an open stuck in the driver)", () => {
  const stuck = () => new Promise<void>(() => {});

  it("is given up, so the ladder still ends failed after N rounds", async () => {
    h = await harness({ modem: { timing, reopen: stuck } });
    await h.modem.start();
    await h.untilState("ready");
    h.sim.hang(true);
    await h.untilState("failed", 600_000);
    expect(h.alerts).toHaveLength(1);
  });

  it("comes back ready once the modem answers again", async () => {
    h = await harness({ modem: { timing, reopen: stuck } });
    await h.modem.start();
    await h.untilState("ready");
    h.sim.hang(true);
    await h.untilState("failed", 600_000);
    h.sim.hang(false);
    await h.untilState("ready", 180_000);
    expect(h.modem.state).toBe("ready");
  });
});
