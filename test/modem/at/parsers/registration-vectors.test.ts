import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parseRegistration } from "../../../../src/modem/at/parsers/index.js";

// Vectors from ModemManager's test-modem-helpers.c, in test/fixtures/at (its README names the sources).
const file = JSON.parse(
  readFileSync(new URL("../../../fixtures/at/at-creg-modemmanager.json", import.meta.url), "utf8"),
) as {
  vectors: Array<{
    id: string;
    line: string;
    solicited: boolean;
    expected: {
      stat: number;
      lac: number;
      ci: number;
      act_mm: string;
      is_cgreg: boolean;
      is_cereg: boolean;
    };
  }>;
};

/** MM access-technology names for the 27.007 AcT values. */
const MM_ACT: Record<string, number | undefined> = {
  UNKNOWN: undefined,
  GSM: 0,
  UMTS: 2,
  EDGE: 3,
  LTE: 7,
  "5GNR": 11,
};

const firstLine = (text: string) =>
  text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .find((l) => l !== "")!;

describe("registration lines from ModemManager's test suite", () => {
  for (const v of file.vectors) {
    it(`${v.id}: ${JSON.stringify(v.line)} → stat ${v.expected.stat}, lac ${v.expected.lac}, ci ${v.expected.ci}, ${v.expected.act_mm}`, () => {
      const r = parseRegistration(firstLine(v.line), { solicited: v.solicited });
      expect({ stat: r.stat, lac: r.lac ?? 0, ci: r.ci ?? 0, act: r.act }).toEqual({
        stat: v.expected.stat,
        lac: v.expected.lac,
        ci: v.expected.ci,
        act: MM_ACT[v.expected.act_mm],
      });
      expect([r.kind === "CGREG", r.kind === "CEREG"]).toEqual([
        v.expected.is_cgreg,
        v.expected.is_cereg,
      ]);
    });
  }
});

describe("registration details", () => {
  it("reads n from the solicited form", () => {
    expect(parseRegistration('+CREG: 2,5,"2AF5","0B88E350",2', { solicited: true })).toMatchObject({
      form: "solicited",
      n: 2,
      status: "roaming",
      act: 2,
      accessTechnology: "utran",
      canSms: true,
    });
  });

  it("reads the one-field URC", () => {
    expect(parseRegistration("+CEREG: 2")).toMatchObject({
      form: "urc",
      status: "searching",
      canSms: false,
    });
  });

  it("says SMS works when registered SMS-only", () => {
    expect(parseRegistration("+CREG: 6").canSms).toBe(true);
  });

  it("throws at.parse on a line that is not a registration", () => {
    expect(() => parseRegistration("+CREG: x,y")).toThrow(
      expect.objectContaining({ code: "at.parse" }),
    );
  });
});
