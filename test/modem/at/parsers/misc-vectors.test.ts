import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import {
  parseCops,
  parseCpin,
  parseCpms,
  parseCpmsTest,
  parseRegistration,
} from "../../../../src/modem/at/parsers/index.js";

// Vectors from ModemManager's test-modem-helpers.c and gammu's at-creg dumps, in
// test/fixtures/at (its README names the sources).
interface Misc {
  cpin: Array<{ line: string; expected_lock: string }>;
  cpms_query: Array<{ line: string; expected: { mem1: string | null; mem2: string | null } }>;
  cpms_test: Array<{ line: string; expected_mem1_mem2_mem3: string[][] }>;
  cops_query: Array<{
    line: string;
    expected: { mode: number; format: number; oper: string; act: number | null };
  }>;
  creg_query_gammu: Array<{ transcript: string }>;
}
const misc = JSON.parse(
  readFileSync(new URL("../../../fixtures/at/at-misc.json", import.meta.url), "utf8"),
) as Misc;

describe("+CPIN answers (MM test_cpin_responses)", () => {
  for (const v of misc.cpin) {
    it(`${JSON.stringify(v.line)} → ${v.expected_lock}`, () => {
      expect(parseCpin(v.line).replace(/[ -]/g, "_")).toBe(v.expected_lock);
    });
  }
});

describe("+CPMS? answers (MM cpms_query_test)", () => {
  for (const v of misc.cpms_query) {
    it(`${v.line} → mem1 ${v.expected.mem1}, mem2 ${v.expected.mem2}`, () => {
      const slots = parseCpms(v.line);
      expect([slots[0]?.mem, slots[1]?.mem]).toEqual([v.expected.mem1, v.expected.mem2]);
    });
  }

  it("reads used and total per storage", () => {
    expect(parseCpms('+CPMS: "MT", 0, 100, "MT", 0, 100, "MT", 0, 100')[0]).toEqual({
      mem: "MT",
      raw: "MT",
      used: 0,
      total: 100,
    });
  });

  it("reads the counts-only answer to a set (Wavecom)", () => {
    expect(parseCpms("+CPMS: 14,50,14,50")).toEqual([
      { mem: null, raw: "", used: 14, total: 50 },
      { mem: null, raw: "", used: 14, total: 50 },
    ]);
  });

  it("reads Nokia's empty answer as unknown counts", () => {
    expect(parseCpms("+CPMS: ,,,,,,,,").every((s) => s.used === null && s.total === null)).toBe(
      true,
    );
  });
});

describe("+CPMS=? answers (MM cpms_test)", () => {
  for (const v of misc.cpms_test) {
    it(`${v.line}`, () => {
      expect(parseCpmsTest(v.line)).toEqual(v.expected_mem1_mem2_mem3);
    });
  }

  it("reads Wavecom's doubly bracketed form", () => {
    expect(parseCpmsTest('+CPMS: (("SM","BM","SR"),("SM"))')).toEqual([["SM", "BM", "SR"], ["SM"]]);
  });
});

describe("+COPS? answers (MM cops_query_data)", () => {
  for (const v of misc.cops_query) {
    it(`${v.line}`, () => {
      const r = parseCops(v.line);
      expect([r.mode, r.format, r.oper, r.act ?? null]).toEqual([
        v.expected.mode,
        v.expected.format,
        v.expected.oper,
        v.expected.act,
      ]);
    });
  }

  it("reads a bare mode when not registered", () => {
    expect(parseCops("+COPS: 0")).toEqual({ mode: 0 });
  });

  it("splits a numeric operator into MCC and MNC", () => {
    expect(parseCops('+COPS: 1,2,"46000"')).toMatchObject({ mcc: "460", mnc: "00" });
  });
});

describe("AT+CREG? captures (gammu tests/at-creg)", () => {
  const expected = [undefined, 1, 0, 1, 5, 1];
  misc.creg_query_gammu.forEach((v, i) => {
    it(`${JSON.stringify(v.transcript)} → stat ${expected[i]}`, () => {
      const line = v.transcript.split("\n").find((l) => l.startsWith("+CREG"));
      expect(
        line === undefined ? undefined : parseRegistration(line, { solicited: true }).stat,
      ).toBe(expected[i]);
    });
  });
});
