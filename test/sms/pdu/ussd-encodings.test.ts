import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import {
  decodeUssdString,
  encodeUssdReply,
  encodeUssdRequest,
  packUssd,
  ucs2Hex,
  unpackUssd,
  ussdAlphabet,
} from "../../../src/sms/pdu/ussd.js";

const fixture = JSON.parse(
  readFileSync(new URL("../../fixtures/at/ussd-cusd.json", import.meta.url), "utf8"),
) as { "huawei-packed": Array<{ text: string; packedHex: string }> };

describe("USSD strings packed as GSM 7-bit hex (Huawei sticks)", () => {
  for (const v of fixture["huawei-packed"]) {
    it(`packs ${v.text} as ${v.packedHex}`, () => {
      expect(packUssd(v.text)).toBe(v.packedHex);
    });
    it(`unpacks ${v.packedHex} to ${v.text}`, () => {
      expect(unpackUssd(v.packedHex)).toBe(v.text);
    });
  }

  it("fills 7 spare bits of the last octet with CR, so no stray @ is read there", () => {
    // 7 characters: 49 bits in 7 octets, the last one's top 7 bits spare.
    const hex = packUssd("*123*4#");
    expect(hex).toHaveLength(14);
    expect(Number.parseInt(hex.slice(12), 16) >> 1).toBe(0x0d);
  });

  it("drops the CR filler when unpacking", () => {
    expect(unpackUssd(packUssd("*123*4#"))).toBe("*123*4#");
  });

  it("round-trips text with characters from the extension table", () => {
    expect(unpackUssd(packUssd("Cost: 5€ [ok]"))).toBe("Cost: 5€ [ok]");
  });

  it("refuses text outside the GSM 7-bit alphabet with pdu.unencodable", () => {
    expect(() => packUssd("*100#中")).toThrow(expect.objectContaining({ code: "pdu.unencodable" }));
  });
});

describe("USSD requests per module", () => {
  it("are sent as typed to modules that take text", () => {
    expect(encodeUssdRequest("*100#", "text")).toBe("*100#");
  });

  it("are sent packed to modules that want packed hex", () => {
    expect(encodeUssdRequest("*100#", "packed")).toBe("AA180C3602");
  });
});

describe("the alphabet a USSD data coding scheme names (23.038 §5)", () => {
  it.each([
    [15, "gsm7"],
    [0, "gsm7"],
    [0x10, "gsm7"],
    [0x11, "ucs2"],
    [72, "ucs2"],
    [0x44, "8bit"],
    [0xf4, "8bit"],
  ] as const)("dcs %i is %s", (dcs, alphabet) => {
    expect(ussdAlphabet(dcs)).toBe(alphabet);
  });
});

describe("decoding the string of a +CUSD answer", () => {
  it("reads UCS-2 hex when the dcs is 72", () => {
    expect(decodeUssdString("00420061006C0061006E00630065", 72, false)).toBe("Balance");
  });

  it("reads Cyrillic UCS-2 (what many networks answer even to a GSM request)", () => {
    expect(decodeUssdString(ucs2Hex("Баланс: 150 руб"), 72, false)).toBe("Баланс: 150 руб");
  });

  it("takes GSM text as it came from a module that converts it", () => {
    expect(decodeUssdString("Balance: 12.34 EUR", 15, false)).toBe("Balance: 12.34 EUR");
  });

  it("keeps a hex-looking GSM text as text on a module that does not pack", () => {
    expect(decodeUssdString("ABBA", 15, false)).toBe("ABBA");
  });

  it("unpacks GSM hex from a module that packs", () => {
    expect(decodeUssdString(packUssd("Balance: 12.34 EUR"), 15, true)).toBe("Balance: 12.34 EUR");
  });

  it("takes a string without dcs as GSM", () => {
    expect(decodeUssdString("Thanks", undefined, false)).toBe("Thanks");
  });

  it("keeps a malformed UCS-2 string (odd length) as it came instead of failing", () => {
    expect(decodeUssdString("0042006", 72, false)).toBe("0042006");
  });
});

describe("network answers as the simulator prints them", () => {
  it("UCS-2 with dcs 72", () => {
    expect(encodeUssdReply("Bal", "ucs2")).toEqual({ str: "00420061006C", dcs: 72 });
  });

  it("packed with dcs 15", () => {
    expect(encodeUssdReply("*100#", "packed")).toEqual({ str: "AA180C3602", dcs: 15 });
  });
});
