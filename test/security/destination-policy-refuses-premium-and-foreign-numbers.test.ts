import { describe, expect, it } from "vitest";
import { isSmsgwError, type SmsgwError } from "../../src/errors.js";
import { normaliseNumber } from "../../src/sms/numbers.js";
import { countryByIso } from "../../src/sms/policy/countries.js";
import {
  DestinationPolicy,
  type DestinationPolicyOptions,
} from "../../src/sms/policy/destination-policy.js";

/**
 * The toll-fraud attack: make the gateway send to numbers that pay the attacker per message
 * (international premium, shared-cost and satellite ranges) or abroad at all. The policy is
 * the SMS service's, so every door (MQTT, automation replies, …) is held to it.
 */

function refusal(
  number: string,
  opts: Partial<DestinationPolicyOptions> = {},
  /** The SIM's country; null: not known yet. */
  sim: string | null = "DE",
): SmsgwError | undefined {
  const policy = new DestinationPolicy(
    { allowedCountries: ["SIM"], allowShortCodes: false, ...opts },
    () => (sim === null ? undefined : countryByIso(sim)),
  );
  const n = normaliseNumber(number);
  try {
    policy.check(n.number, n.kind);
    return undefined;
  } catch (err) {
    if (isSmsgwError(err)) return err;
    throw err;
  }
}

describe("the destination policy with its defaults (the SIM's country, no short codes)", () => {
  it.each([
    ["+882345678901", "+882"],
    ["+883123456789", "+883"],
    ["+870772123456", "+870"],
    ["+881612345678", "+881"],
    ["+4490012345678", "+4490"],
    ["+18765551234", "+1876"],
  ])("refuses %s: a premium, shared-cost or satellite range (%s)", (number, prefix) => {
    expect(refusal(number)?.details).toMatchObject({ reason: "denied-range", prefix });
  });

  it("refuses a German SIM's own premium range, written nationally (0900…)", () => {
    expect(refusal("09001234567")?.details).toMatchObject({
      reason: "denied-range",
      prefix: "+49900",
    });
  });

  it("refuses a UK premium number written nationally when the SIM is British", () => {
    expect(refusal("09012345678", {}, "GB")?.details).toMatchObject({
      reason: "denied-range",
      prefix: "+4490",
    });
  });

  it("refuses a number abroad with sms.destination-denied naming the setting", () => {
    const err = refusal("+447700900123");
    expect([err?.code, err?.details.reason]).toEqual(["sms.destination-denied", "country"]);
    expect(err?.message).toBe(
      '"+447700900123" refused: it is not in an allowed country (sms.policy.allowedCountries: SIM; the SIM is from DE)',
    );
  });

  it("refuses a short code", () => {
    expect(refusal("81234")?.details).toMatchObject({ reason: "short-code" });
  });

  it("allows a mobile number in the SIM's country, international or national", () => {
    expect([refusal("+491701234567"), refusal("01701234567")]).toEqual([undefined, undefined]);
  });
});

describe("the destination policy as configured", () => {
  it("allows the countries named by ISO code or calling code", () => {
    expect([
      refusal("+447700900123", { allowedCountries: ["SIM", "GB"] }),
      refusal("+33612345678", { allowedCountries: ["+33"] }),
    ]).toEqual([undefined, undefined]);
  });

  it('refuses the premium ranges even with allowedCountries "*"', () => {
    expect(refusal("+882345678901", { allowedCountries: ["*"] })?.details.reason).toBe(
      "denied-range",
    );
  });

  it("allows short codes only when allowShortCodes is set", () => {
    expect(refusal("81234", { allowShortCodes: true })).toBeUndefined();
  });

  it("refuses national numbers when the SIM's country is not allowed", () => {
    expect(refusal("01701234567", { allowedCountries: ["FR"] })?.details.reason).toBe("country");
  });

  it("cannot decide a number abroad before the SIM's country is known", () => {
    expect(refusal("+447700900123", {}, null)?.details.reason).toBe("sim-country-unknown");
  });
});
