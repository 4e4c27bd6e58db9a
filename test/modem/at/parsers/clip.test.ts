import { describe, expect, it } from "vitest";
import { parseClip } from "../../../../src/modem/at/parsers/index.js";

// The incoming-call lines of python-gsmmodem's device profiles (test/fixtures/at/README.md).
describe("+CLIP: <number>,<type>[,…,<CLI validity>] (27.007 §7.18)", () => {
  it("reads the caller's number and type (Huawei, ZTE profiles)", () => {
    expect(parseClip('+CLIP: "+27820001234",145,,,,0')).toEqual({
      number: "+27820001234",
      type: 145,
    });
  });

  it("reads the short form (Wavecom profile)", () => {
    expect(parseClip('+CLIP: "+27820001234",145')).toEqual({ number: "+27820001234", type: 145 });
  });

  it('gives "" for a withheld number (CLI validity 1)', () => {
    expect(parseClip('+CLIP: "",128,,,,1').number).toBe("");
  });

  it("refuses a line that is no caller ID with at.parse", () => {
    expect(() => parseClip('+CLIP: "abc",145')).toThrow(
      expect.objectContaining({ code: "at.parse" }),
    );
  });
});
