import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parseCmgl, parseCmgr, parseCmgs } from "../../../../src/modem/at/parsers/index.js";

// Vectors from ModemManager's test-modem-helpers.c, in test/fixtures/at (its README names the sources).
const vectors = JSON.parse(
  readFileSync(
    new URL("../../../fixtures/at/at-cmgl-cmgr-modemmanager.json", import.meta.url),
    "utf8",
  ),
) as Array<{
  id: string;
  response_text: string;
  expected: Array<{ index: number | null; stat: number; pdu: string }>;
}>;

describe("+CMGL/+CMGR in PDU mode (ModemManager vectors)", () => {
  for (const v of vectors) {
    it(`${v.id}`, () => {
      const got = v.id.includes("cmgl") ? parseCmgl(v.response_text) : [parseCmgr(v.response_text)];
      expect(got.map((m) => ({ index: m.index, stat: m.stat, pdu: m.pdu }))).toEqual(v.expected);
    });
  }
});

describe("+CMGR variants seen in the field", () => {
  const PDU = "06917228195339040A9110325476980000313080512061800CC8329BFD06DDDF72363904";
  const cases: Array<[string, { stat: number | null; length: number; alpha?: string }]> = [
    ["+CMGR: 1,,25", { stat: 1, length: 25 }],
    ['+CMGR: 0,"",50', { stat: 0, length: 50 }],
    ["+CMGR: 0,23", { stat: 0, length: 23 }],
    ["+CMGR: 4,1,,151", { stat: 1, length: 151 }],
    ["+CMGR: ,,27", { stat: null, length: 27 }],
    ["+CMGR: 24", { stat: null, length: 24 }],
    ['+CMGR: 0,"Test User 123",29', { stat: 0, length: 29, alpha: "Test User 123" }],
  ];
  for (const [header, want] of cases) {
    it(`${header}`, () => {
      expect(parseCmgr([header, PDU, "OK"])).toEqual({ index: null, pdu: PDU, ...want });
    });
  }

  it("strips a trailing quote from the PDU line (gammu at-sms/04.dump)", () => {
    expect(parseCmgr(["+CMGR: 0,,29", `${PDU}"`]).pdu).toBe(PDU);
  });

  it("throws at.parse when the PDU line is missing", () => {
    expect(() => parseCmgr(["+CMGR: 0,,29", "OK"])).toThrow(
      expect.objectContaining({ code: "at.parse" }),
    );
  });

  it("reads a listing with several entries and skips a header without PDU", () => {
    const got = parseCmgl(["+CMGL: 1,0,,29", PDU, "+CMGL: 2,1,,29", "+CMGL: 3,1,,29", PDU]);
    expect(got.map((m) => m.index)).toEqual([1, 3]);
  });
});

describe("+CMGS", () => {
  it("reads the message reference", () => {
    expect(parseCmgs(["+CMGS: 142"])).toEqual({ reference: 142 });
  });

  it("reads the optional service-centre timestamp", () => {
    expect(parseCmgs('+CMGS: 7,"13/03/08,15:02:16+08"')).toEqual({
      reference: 7,
      scts: "13/03/08,15:02:16+08",
    });
  });

  it("throws at.parse without a reference", () => {
    expect(() => parseCmgs("OK")).toThrow(expect.objectContaining({ code: "at.parse" }));
  });
});
