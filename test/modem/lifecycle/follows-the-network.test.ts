import { afterEach, describe, expect, it } from "vitest";
import { type Harness, harness } from "./support/harness.js";

let h: Harness;
afterEach(() => h.close());

describe("registration", () => {
  it("deregistration moves ready → registering, re-registration back to ready", async () => {
    h = await harness();
    await h.modem.start();
    await h.untilState("ready");
    h.sim.dropRegistration();
    await h.untilState("registering", 10_000);
    expect(h.modem.reason).toBe("network-lost");
    h.sim.restoreRegistration();
    await h.untilState("ready", 30_000);
  });

  it("no network for a long time is reported as degraded no-network, then recovers", async () => {
    h = await harness({
      sim: { registration: { stat: 2 } },
      modem: { timing: { regPollMs: 1000, regPollLimit: 5 } },
    });
    await h.modem.start();
    await h.untilState("degraded", 60_000);
    expect(h.modem.reason).toBe("no-network");
    h.sim.restoreRegistration();
    h.sim.setRegistration(1);
    await h.untilState("ready", 120_000);
  });

  it("roaming is refused unless allowed", async () => {
    h = await harness({ sim: { registration: { stat: 5 } } });
    await h.modem.start();
    await h.untilState("degraded", 60_000);
    expect(h.modem.reason).toBe("roaming-not-allowed");
    expect(h.modem.info.registration).toBe("roaming");
  });

  it("roaming is ready when allowed", async () => {
    h = await harness({ sim: { registration: { stat: 5 } }, modem: { allowRoaming: true } });
    await h.modem.start();
    await h.untilState("ready", 60_000);
    expect(h.modem.reason).toBe("roaming");
  });

  it("registration denied is reported", async () => {
    h = await harness({ sim: { registration: { stat: 3 } } });
    await h.modem.start();
    await h.untilState("degraded", 60_000);
    expect(h.modem.reason).toBe("registration-denied");
  });

  it("SMS-only registration counts as registered", async () => {
    h = await harness({ sim: { profile: "SIM7600", registration: { stat: 6 } } });
    await h.modem.start();
    await h.untilState("ready", 60_000);
    expect(h.modem.info.smsOnly).toBe(true);
  });

  it("an LTE-only module registered only on EPS (+CEREG) is ready", async () => {
    h = await harness({ sim: { profile: "SIM7600" } });
    h.sim.setDomainRegistration("cs", 0);
    h.sim.setDomainRegistration("ps", 0);
    await h.modem.start();
    await h.untilState("ready", 60_000);
    expect(h.modem.info.registrationStats).toMatchObject({ cs: 0, eps: 1 });
    expect(h.modem.info.act).toMatchObject({ name: "LTE", generation: "4G" });
  });

  it("operator name, MCC/MNC and signal in dBm and percent", async () => {
    h = await harness({ sim: { profile: "EC25" } });
    h.sim.setSignal(31);
    h.sim.setOperator("Vodafone.de", "26202");
    await h.modem.start();
    await h.untilState("ready", 60_000);
    expect(h.modem.info.operator).toEqual({ name: "Vodafone.de", mcc: "262", mnc: "02" });
    expect(h.modem.info.signal).toEqual({ rssi: 31, dbm: -51, percent: 100 });
    expect(h.modem.info.profile).toBe("ec2x");
  });
});

describe("2G warnings", () => {
  it("warns that a SIM800 is 2G-only", async () => {
    h = await harness();
    const warnings: Array<{ code: string }> = [];
    h.modem.on("warning", (w: { code: string }) => warnings.push(w));
    await h.modem.start();
    await h.untilState("ready", 60_000);
    expect(warnings.map((w) => w.code)).toContain("modem.2g-only");
  });

  it("warns when an LTE module is registered on GSM", async () => {
    h = await harness({ sim: { profile: "SIM7600", registration: { act: 0 } } });
    const warnings: Array<{ code: string }> = [];
    h.modem.on("warning", (w: { code: string }) => warnings.push(w));
    await h.modem.start();
    await h.untilState("ready", 60_000);
    expect(warnings.map((w) => w.code)).toEqual(["network.2g"]);
  });
});

describe("slow AT+CFUN", () => {
  it("a radio that takes 12 s to switch on is waited for, not treated as a hang", async () => {
    h = await harness({ sim: { timing: { cfun: 12_000 } } });
    await h.channel.start();
    const off = h.channel.run({ command: "AT+CFUN=0", timeoutMs: 20_000 });
    await h.advance(12_500);
    await off;
    await h.modem.start();
    await h.untilState("ready", 120_000);
    expect(h.sim.settings.cfun).toBe(1);
    expect(h.changes.map((c) => c.to)).not.toContain("recovering");
  });

  it("a slow AT+CFUN=1,1 in the healing ladder still counts as healed", async () => {
    h = await harness({
      sim: { timing: { cfun: 12_000 } },
      modem: { timing: { healthIntervalMs: 10_000 } },
      power: true,
    });
    await h.modem.start();
    await h.untilState("ready");
    // Bare AT goes unanswered (health check, retry, re-sync), everything else works.
    h.sim.ignoreCommand(/^AT$/, 12);
    await h.untilState("recovering", 30_000);
    await h.untilState("ready", 180_000);
    expect(h.modem.stats.resets).toEqual({ "cfun-reset": 1 });
    expect(h.pwrkey?.pulses()).toEqual([]);
  });
});
