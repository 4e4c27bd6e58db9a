import { describe, expect, it } from "vitest";
import { detectProfile, profileByName } from "../../../src/modem/profiles/index.js";

describe("profile auto-detection from AT+CGMM / ATI", () => {
  it.each([
    ["SIMCOM_SIM800", "sim800"],
    ["SIMCOM_SIM868", "sim800"],
    ["SIM800 R14.18", "sim800"],
    ["SIMCOM_SIM7600E-H", "sim7600"],
    ["Manufacturer: SIMCOM INCORPORATED Model: SIMCOM_SIM7600G-H", "sim7600"],
    ["EC25", "ec2x"],
    ["Quectel EC21 Revision: EC21EFAR06A01M4G", "ec2x"],
    ["Quectel EG25 Revision: EG25GGBR07A08M2G", "ec2x"],
    ["E1752 Huawei", "generic"],
    ["", "generic"],
  ])("%s → %s", (identity, id) => {
    expect(detectProfile(identity).id).toBe(id);
  });
});

describe("profile names in config", () => {
  it.each([
    ["sim800", "sim800"],
    ["SIM868", "sim800"],
    ["SIM7600", "sim7600"],
    ["EC25", "ec2x"],
    ["generic", "generic"],
  ])("%s → %s", (name, id) => {
    expect(profileByName(name)?.id).toBe(id);
  });

  it("an unknown name gives undefined", () => {
    expect(profileByName("nokia")).toBeUndefined();
  });
});
