import { describe, expect, it } from "vitest";
import { classifyCms } from "../../src/sms/cms-codes.js";

describe("CMS error codes decide retry or failure", () => {
  it.each([1, 8, 10, 21, 50, 304, 0xc3, 0xc4, 0x80, 0x9f])("%i is permanent", (code) => {
    expect(classifyCms(code).kind).toBe("permanent");
  });

  it.each([41, 42, 47, 27, 332, 500, 0xc0])("%i is temporary for the destination", (code) => {
    expect(classifyCms(code)).toMatchObject({ kind: "temporary", scope: "destination" });
  });

  it.each([302, 310, 314, 330, 331])("%i is a modem condition", (code) => {
    expect(classifyCms(code)).toMatchObject({ kind: "temporary", scope: "modem" });
  });

  it("an unlisted code is retried, not dropped", () => {
    expect(classifyCms(600)).toMatchObject({ kind: "temporary", scope: "destination" });
  });

  it("a text-only error (CMEE=2) is retried", () => {
    expect(classifyCms(undefined).kind).toBe("temporary");
  });

  it("names the reason", () => {
    expect(classifyCms(1).reason).toBe("unassigned number");
  });
});
