import { describe, expect, it } from "vitest";
import { maskImei } from "../../src/doctor/index.js";

describe("IMEI masking", () => {
  it("keeps the first four and last four digits of a 15-digit IMEI", () => {
    expect(maskImei("861234567890128")).toBe("8612…0128");
  });

  it("masks a 16-digit IMEISV the same way", () => {
    expect(maskImei("3548290612345601")).toBe("3548…5601");
  });

  it("shows nothing of a value too short to be an IMEI", () => {
    expect(maskImei("12345678")).toBe("…");
  });

  it("never contains the middle digits", () => {
    expect(maskImei("861234567890128")).not.toContain("3456789");
  });
});
