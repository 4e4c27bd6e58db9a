import { describe, expect, it } from "vitest";
import { callAction, currencyLabel, ussdLabel } from "../../src/metrics/labels.js";

/**
 * Label values from what the network sends stay in a closed set: a balance text's currency, a
 * USSD verdict, a call's outcome.
 */

describe("a balance's currency as a label", () => {
  it("keeps an ISO 4217 code, upper-cased", () => {
    expect([currencyLabel("EUR"), currencyLabel("usd")]).toEqual(["EUR", "USD"]);
  });

  it("names a known symbol or word by its code", () => {
    expect([currencyLabel("€"), currencyLabel("руб"), currencyLabel("£")]).toEqual([
      "EUR",
      "RUB",
      "GBP",
    ]);
  });

  it("is other for any other text and unknown for none", () => {
    expect([currencyLabel("credits left"), currencyLabel(null), currencyLabel(" ")]).toEqual([
      "other",
      "unknown",
      "unknown",
    ]);
  });
});

describe("a USSD status as a label", () => {
  it("spells the hyphen as an underscore", () => {
    expect([ussdLabel("further-action"), ussdLabel("other-client"), ussdLabel("done")]).toEqual([
      "further_action",
      "other_client",
      "done",
    ]);
  });

  it("counts a status it does not know as error", () => {
    expect(ussdLabel("something-new")).toBe("error");
  });
});

describe("a call's outcome as an action", () => {
  it("keeps triggered and ignored; refusals and plain calls count only as missed", () => {
    expect([
      callAction("triggered"),
      callAction("ignored"),
      callAction("rate-limited"),
      callAction(undefined),
    ]).toEqual(["triggered", "ignored", undefined, undefined]);
  });
});
