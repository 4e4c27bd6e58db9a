import { describe, expect, it } from "vitest";
import { csqToDbm, csqToPercent, parseCsq } from "../../../../src/modem/at/parsers/index.js";

describe("signal quality", () => {
  it("reads +CSQ: 18,99 as -77 dBm (27.007 §8.5: -113 + 2·rssi)", () => {
    expect(parseCsq("+CSQ: 18,99")).toEqual({ rssi: 18, ber: null, dbm: -77, percent: 58 });
  });

  it("reads the form without a space (pgm test_modem.py)", () => {
    expect(parseCsq("+CSQ:4,0")).toMatchObject({ rssi: 4, ber: 0, dbm: -105 });
  });

  it("reads 99 as unknown", () => {
    expect(parseCsq(["+CSQ: 99,99"])).toEqual({ rssi: null, ber: null, dbm: null, percent: null });
  });

  it("maps the ends of the scale", () => {
    expect([csqToDbm(0), csqToDbm(1), csqToDbm(31), csqToPercent(0), csqToPercent(31)]).toEqual([
      -113, -111, -51, 0, 100,
    ]);
  });

  it("throws at.parse on a line without numbers", () => {
    expect(() => parseCsq("+CSQ: ,")).toThrow(expect.objectContaining({ code: "at.parse" }));
  });
});
