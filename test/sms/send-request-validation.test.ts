import { describe, expect, it } from "vitest";
import { validateSendRequest } from "../../src/sms/request.js";

function codeOf(input: unknown): string | undefined {
  try {
    validateSendRequest(input);
    return undefined;
  } catch (err) {
    return (err as { code?: string }).code;
  }
}

describe("send requests are checked field by field", () => {
  it("normalises recipients and removes repeats", () => {
    const v = validateSendRequest({ to: ["0049 170 1234567", "+491701234567"], text: "x" });
    expect(v.recipients).toEqual(["+491701234567"]);
  });

  it("defaults: normal priority, auto encoding, not flash", () => {
    expect(validateSendRequest({ to: "+491701234567", text: "x" })).toMatchObject({
      priority: "normal",
      encoding: "auto",
      flash: false,
    });
  });

  it("parses notBefore", () => {
    const v = validateSendRequest({
      to: "+491701234567",
      text: "x",
      notBefore: "2030-01-01T00:00:00Z",
    });
    expect(v.notBefore).toBe(Date.parse("2030-01-01T00:00:00Z"));
  });

  it.each([
    [null, "sms.invalid-request"],
    ["text", "sms.invalid-request"],
    [[1, 2], "sms.invalid-request"],
    [{ text: "x" }, "sms.invalid-request"],
    [{ to: [], text: "x" }, "sms.invalid-request"],
    [{ to: "+491701234567" }, "sms.invalid-request"],
    [{ to: "+491701234567", text: 5 }, "sms.invalid-request"],
    [{ to: "+491701234567", text: "" }, "sms.empty-text"],
    [{ to: "nope", text: "x" }, "sms.invalid-number"],
    [{ to: "+491701234567", text: "x", priority: "urgent" }, "sms.invalid-request"],
    [{ to: "+491701234567", text: "x", validitySeconds: -1 }, "sms.invalid-request"],
    [{ to: "+491701234567", text: "x", notBefore: "tomorrow" }, "sms.invalid-request"],
    [{ to: "+491701234567", text: "x", encoding: "latin1" }, "sms.invalid-request"],
    [{ to: "+491701234567", text: "x", id: "" }, "sms.invalid-request"],
    [{ to: "+491701234567", text: "x", flash: "yes" }, "sms.invalid-request"],
    [{ to: "+491701234567", text: "x".repeat(1_000_000) }, "sms.invalid-request"],
  ])("%j → %s", (input, code) => {
    expect(codeOf(input)).toBe(code);
  });
});
