import { describe, expect, it } from "vitest";
import {
  cpinr,
  ec2x,
  generic,
  qpinc,
  sim800,
  sim7600,
  spic,
} from "../../../src/modem/profiles/index.js";

describe("SMS-ready URCs", () => {
  it("SIM800: SMS Ready", () => {
    expect(sim800.isSmsReadyUrc("SMS Ready")).toBe(true);
    expect(sim800.isSmsReadyUrc("Call Ready")).toBe(false);
  });
  it("SIM7600: SMS DONE", () => {
    expect(sim7600.isSmsReadyUrc("SMS DONE")).toBe(true);
    expect(sim7600.isSmsReadyUrc("PB DONE")).toBe(false);
  });
  it("EC2x: +QIND: SMS DONE", () => {
    expect(ec2x.isSmsReadyUrc("+QIND: SMS DONE")).toBe(true);
  });
  it("generic accepts every family's form", () => {
    expect(
      ["SMS Ready", "SMS DONE", "+QIND: SMS DONE"].every((l) => generic.isSmsReadyUrc(l)),
    ).toBe(true);
  });
});

describe("power-down URCs", () => {
  it.each([
    [sim800, "NORMAL POWER DOWN"],
    [sim800, "NORMAL POWER OFF"],
    [sim800, "UNDER-VOLTAGE POWER DOWN"],
    [ec2x, "POWERED DOWN"],
    [ec2x, "UNDER_VOLTAGE POWER DOWN"],
  ])("%#: %s", (profile, line) => {
    expect(profile.isPowerDownUrc(line)).toBe(true);
  });

  it("a voltage warning is not a power-down", () => {
    expect(sim800.isPowerDownUrc("UNDER-VOLTAGE WARNNING")).toBe(false);
  });
});

describe("PIN attempt counters", () => {
  it("SIMCom AT+SPIC: the first field is PIN1", () => {
    expect(spic.parse(["+SPIC: 2,3,10,10"])).toEqual({ pin: 2, puk: 10 });
  });
  it("27.007 AT+CPINR", () => {
    expect(cpinr.parse(["+CPINR: SIM PIN,1,3"])).toEqual({ pin: 1 });
  });
  it("Quectel AT+QPINC", () => {
    expect(qpinc.parse(['+QPINC: "SC",3,10'])).toEqual({ pin: 3, puk: 10 });
  });
  it("an answer without numbers gives nothing", () => {
    expect(spic.parse(["+SPIC: ,"])).toBeUndefined();
    expect(qpinc.parse([])).toBeUndefined();
  });
  it("each family asks its own command first", () => {
    expect([sim800, sim7600, ec2x].map((p) => p.pinCounters[0]?.command.command)).toEqual([
      "AT+SPIC",
      "AT+SPIC",
      'AT+QPINC="SC"',
    ]);
  });
});

describe("HAT defaults", () => {
  it("Waveshare SIM7600 HAT: PWRKEY on BCM 6, pressed by driving high", () => {
    expect(sim7600.power).toMatchObject({ defaultPwrkeyBcm: 6, defaultActiveLevel: 1 });
  });
  it("Waveshare SIM868 HAT: PWRKEY on BCM 4, pressed by driving low", () => {
    expect(sim800.power).toMatchObject({ defaultPwrkeyBcm: 4, defaultActiveLevel: 0 });
  });
  it("the 2G-only SIM800 has no EPS domain and is flagged 2G-only", () => {
    expect([sim800.domains.includes("eps"), sim800.only2g]).toEqual([false, true]);
  });
});
