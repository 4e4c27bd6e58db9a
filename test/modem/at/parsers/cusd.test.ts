import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parseCusd } from "../../../../src/modem/at/parsers/index.js";

const fixture = JSON.parse(
  readFileSync(new URL("../../../fixtures/at/ussd-cusd.json", import.meta.url), "utf8"),
) as {
  "python-gsmmodem": Array<{ lines: string[]; message: string; sessionActive: boolean }>;
};

describe("+CUSD: <m>[,<str>[,<dcs>]] (27.007 §7.15)", () => {
  it.each([0, 1, 2, 3, 4, 5])("reads m = %i without a string", (m) => {
    expect(parseCusd(`+CUSD: ${m}`)).toEqual({ m });
  });

  it("reads the string and the dcs", () => {
    expect(parseCusd('+CUSD: 0,"Balance: 12.34 EUR",15')).toEqual({
      m: 0,
      str: "Balance: 12.34 EUR",
      dcs: 15,
    });
  });

  it("keeps commas and quotes inside the string", () => {
    expect(parseCusd('+CUSD: 0,"Say "hi", pay 1,50",15').str).toBe('Say "hi", pay 1,50');
  });

  it("reads a string without dcs", () => {
    expect(parseCusd('+CUSD: 1,"Menu"')).toEqual({ m: 1, str: "Menu" });
  });

  it("tolerates spaces after the commas", () => {
    expect(parseCusd('+CUSD: 0, "Balance: 12", 15')).toEqual({ m: 0, str: "Balance: 12", dcs: 15 });
  });

  it("reads an unquoted hex string", () => {
    expect(parseCusd("+CUSD: 0,AA180C3602,15")).toEqual({ m: 0, str: "AA180C3602", dcs: 15 });
  });

  it("reads a string with line breaks", () => {
    expect(parseCusd('+CUSD: 1,"1. Balance\n2. Data",15').str).toBe("1. Balance\n2. Data");
  });

  it.each(["+CUSD:", "+CUSD: 9", '+CUSD: 0,"Balance: OK",bad', "+CSQ: 1,2"])(
    "refuses %j with at.parse",
    (line) => {
      expect(() => parseCusd(line)).toThrow(expect.objectContaining({ code: "at.parse" }));
    },
  );
});

describe("python-gsmmodem's USSD answers (TestUssd)", () => {
  for (const v of fixture["python-gsmmodem"]) {
    const line = v.lines.join("\n");
    it(`${JSON.stringify(v.lines[0])}: message and whether the session stays open`, () => {
      const r = parseCusd(line);
      expect({ message: r.str, open: r.m === 1 }).toEqual({
        message: v.message,
        open: v.sessionActive,
      });
    });
  }
});
