import { afterEach, describe, expect, it } from "vitest";
import { type Harness, harness } from "./support/harness.js";

let h: Harness;
afterEach(() => h.close());

/** Polls for registration more often than the health check runs, as the defaults do. */
const timing = {
  healthIntervalMs: 60_000,
  regPollMs: 1000,
  regPollLimit: 3,
  regPollSlowMs: 30_000,
};

async function degradedForNoNetwork(): Promise<void> {
  h = await harness({ sim: { registration: { stat: 2 } }, modem: { timing } });
  await h.modem.start();
  await h.untilState("degraded", 60_000);
}

describe("the signal while the modem is degraded for a network reason", () => {
  it("is refreshed within one signal interval", async () => {
    await degradedForNoNetwork();
    h.sim.setSignal(7);
    await h.advance(61_000);
    expect(h.modem.info.signal?.rssi).toBe(7);
  });

  it("follows its own interval when one is given", async () => {
    h = await harness({
      sim: { registration: { stat: 2 } },
      modem: { timing: { ...timing, signalIntervalMs: 5000 } },
    });
    await h.modem.start();
    await h.untilState("degraded", 60_000);
    h.sim.setSignal(9);
    await h.advance(5500);
    expect(h.modem.info.signal?.rssi).toBe(9);
  });
});

describe("the health check while the modem is degraded for a network reason", () => {
  it("still runs although the registration poll comes more often", async () => {
    await degradedForNoNetwork();
    const before = h.sim.commands.length;
    await h.advance(65_000);
    // The health check is the only step that reads the +CMTI routing back.
    expect(h.sim.commands.slice(before)).toContain("AT+CNMI?");
  });
});

describe("a signal read on demand", () => {
  it("shows a new signal at once", async () => {
    h = await harness({ modem: { timing } });
    await h.modem.start();
    await h.untilState("ready");
    h.sim.setSignal(3);
    await h.modem.refreshSignal();
    expect(h.modem.info.signal?.rssi).toBe(3);
  });

  it("does nothing (and does not reject) before the modem answers", async () => {
    h = await harness({ sim: { poweredOn: false }, modem: { timing } });
    await h.modem.start();
    await expect(h.modem.refreshSignal()).resolves.toBeUndefined();
  });
});
