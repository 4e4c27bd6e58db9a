import { describe, expect, it } from "vitest";
import { gsm7Charset, septetsToText, textToSeptets } from "../../../src/sms/pdu/gsm7-charset.js";
import { bytesToHex, hexToBytes } from "../../../src/sms/pdu/hex.js";
import { decodePdu, encodeSubmit, isGsm7Encodable, planParts } from "../../../src/sms/pdu/index.js";
import { packSeptets, septetOctets, unpackSeptets } from "../../../src/sms/pdu/septets.js";
import { loadPrimitives, loadVectors } from "./helpers/vectors.js";

const packVectors = loadPrimitives().gsm7_pack as Array<{
  text: string;
  gsm7_septet_codes_hex?: string;
  packed_hex: string;
  fill_bits: number;
}>;

function septetsOf(text: string): Uint8Array {
  const out = new Uint8Array(text.length * 2);
  return out.subarray(0, textToSeptets(text, gsm7Charset(), out));
}

describe("GSM 7-bit default alphabet and septet packing", () => {
  it.each(packVectors.filter((v) => v.fill_bits === 0).map((v) => [v.text, v] as const))(
    "%j packs to the stated octets",
    (_t, v) => {
      const septets = septetsOf(v.text);
      if (v.gsm7_septet_codes_hex !== undefined)
        expect(bytesToHex(septets)).toBe(v.gsm7_septet_codes_hex);
      const out = new Uint8Array(200);
      const n = packSeptets(septets, septets.length, out, 0, 0);
      expect(bytesToHex(out, n)).toBe(v.packed_hex);
    },
  );

  it.each(packVectors.filter((v) => v.fill_bits === 0).map((v) => [v.text, v] as const))(
    "%j unpacks by septet count back to the text",
    (_t, v) => {
      const septets = septetsOf(v.text);
      const out = new Uint8Array(200);
      unpackSeptets(hexToBytes(v.packed_hex || "00"), 0, septets.length, out);
      expect(septetsToText(out, 0, septets.length, gsm7Charset())).toBe(v.text);
    },
  );

  it("a trailing @ survives: 8 septets ending in 0x00 pack like 7 and are told apart by UDL", () => {
    const [part] = encodeSubmit({ to: "123", text: "abcdefg@" }).parts;
    expect(part!.pdu.endsWith("0861F1985C369F01")).toBe(true);
    expect(decodePdu(part!.pdu).text).toBe("abcdefg@");
  });

  it("fill bits after a 4-octet header put the text on the next septet boundary (3 bits)", () => {
    const v = packVectors.find((x) => x.fill_bits === 3)!;
    const septets = septetsOf(v.text);
    const out = new Uint8Array(20);
    // 4 header octets = 32 bits; the text starts at septet 5 (bit 35).
    const n = packSeptets(septets, septets.length, out, 0, 5);
    expect(n).toBe(septetOctets(5 + septets.length));
    expect(bytesToHex(out.subarray(4, n))).toBe(v.packed_hex);
  });
});

describe("the extension table", () => {
  const extension = ["\f", "^", "{", "}", "\\", "[", "~", "]", "|", "€"];

  it.each(extension)("%j costs two septets (ESC + code)", (ch) => {
    expect(septetsOf(ch)[0]).toBe(0x1b);
    expect(septetsOf(ch).length).toBe(2);
  });

  it("80 extension characters fill exactly one part, 81 need two", () => {
    expect(planParts("€".repeat(80)).parts).toHaveLength(1);
    expect(planParts("€".repeat(81)).parts).toHaveLength(2);
  });

  it("an ESC followed by a code without an extension character shows the default character", () => {
    const septets = Uint8Array.of(0x1b, 0x41, 0x42);
    expect(septetsToText(septets, 0, 3, gsm7Charset())).toBe("AB");
  });

  it("ESC ESC shows a space (reserved for a further extension table)", () => {
    expect(septetsToText(Uint8Array.of(0x1b, 0x1b, 0x41), 0, 3, gsm7Charset())).toBe(" A");
  });

  it("a lone ESC at the end shows a space", () => {
    expect(septetsToText(Uint8Array.of(0x41, 0x1b), 0, 2, gsm7Charset())).toBe("A ");
  });

  it("characters outside the alphabet are not GSM 7-bit encodable (no silent transliteration)", () => {
    expect(isGsm7Encodable("Zkouška")).toBe(false);
    expect(isGsm7Encodable("ç")).toBe(false);
    expect(isGsm7Encodable("Ça coûte 5€ [ok]")).toBe(false);
    expect(isGsm7Encodable("Ça va? 5€ [ok] ΔΦ")).toBe(true);
  });
});

describe("national language tables (23.038 Annex A) against ofono's charset vectors", () => {
  const vectors = loadVectors("decode-vectors.json").filter(
    (v) => v.tier === "national-language-table",
  );

  it.each(vectors.map((v) => [v.id, v] as const))("%s decodes with the stated tables", (_id, v) => {
    // These SUBMITs carry no national IE; ofono passes the tables out of band, so we do too.
    const bytes = hexToBytes(v.pdu!);
    const udlAt = 1 + 1 + 1 + 2 + ((bytes[3]! + 1) >> 1) + 2;
    const udl = bytes[udlAt]!;
    const septets = new Uint8Array(udl);
    unpackSeptets(bytes.subarray(udlAt + 1), 0, udl, septets);
    const cs = gsm7Charset(
      v.decode_with!.locking_shift_language,
      v.decode_with!.single_shift_language,
    );
    expect(septetsToText(septets, 0, udl, cs)).toBe(v.expected.text);
  });
});
