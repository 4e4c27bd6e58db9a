import { describe, expect, it } from "vitest";
import { isSmsgwError } from "../../src/errors.js";
import { normaliseNumber, sameNumber } from "../../src/sms/numbers.js";

describe("recipient numbers are validated and normalised", () => {
  it("keeps an E.164 number with +", () => {
    expect(normaliseNumber("+491701234567")).toEqual({
      number: "+491701234567",
      kind: "international",
    });
  });

  it("turns a 00 prefix into +", () => {
    expect(normaliseNumber("00491701234567").number).toBe("+491701234567");
  });

  it("drops the separators people type", () => {
    expect(normaliseNumber(" +49 (170) 123-45.67 ").number).toBe("+491701234567");
  });

  it("accepts a national number with a leading 0", () => {
    expect(normaliseNumber("0170 1234567")).toEqual({ number: "01701234567", kind: "national" });
  });

  it("accepts a national number without trunk prefix (NANP)", () => {
    expect(normaliseNumber("2025550123")).toEqual({ number: "2025550123", kind: "national" });
  });

  it("accepts a short code", () => {
    expect(normaliseNumber("22222")).toEqual({ number: "22222", kind: "short" });
  });

  it.each([
    ["", "empty"],
    ["+49abc", "only digits"],
    ["+0123456789", "country code"],
    ["+12345", "7 to 15 digits"],
    ["+1234567890123456", "7 to 15 digits"],
    ["ACME", "letters"],
    ["12", "3 to 8 digits"],
    ["12345678901234567", "got 17"],
    ["#31#", "only digits"],
  ])("refuses %j with a clear reason", (input, reason) => {
    let thrown: unknown;
    try {
      normaliseNumber(input);
    } catch (err) {
      thrown = err;
    }
    expect(isSmsgwError(thrown, "sms.invalid-number")).toBe(true);
    expect((thrown as Error).message).toContain(reason);
  });

  it("refuses a non-string", () => {
    expect(() => normaliseNumber(4917012345)).toThrow(/must be a string/);
  });
});

describe("two forms of the same number are recognised", () => {
  it("international and national forms match", () => {
    expect(sameNumber("+4917012345678", "017012345678")).toBe(true);
  });

  it("different numbers do not", () => {
    expect(sameNumber("+4917012345678", "+4917012345679")).toBe(false);
  });

  it("short codes match only exactly", () => {
    expect(sameNumber("1234", "51234")).toBe(false);
    expect(sameNumber("1234", "1234")).toBe(true);
  });
});
