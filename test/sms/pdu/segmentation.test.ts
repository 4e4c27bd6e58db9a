import { describe, expect, it } from "vitest";
import { decodePdu, encodeSubmit, PduError, planParts } from "../../../src/sms/pdu/index.js";
import { loadVectors } from "./helpers/vectors.js";

const rules = loadVectors("segmentation-rules.json");
const rule = (id: string) => rules.find((v) => v.id === id)!.expected;

describe("per-part limits", () => {
  it.each([
    ["GSM 7-bit", "a", 160, 153],
    ["UCS-2", "ж", 70, 67],
  ])(
    "%s: %s×single fits one part, one more needs parts of the multipart size",
    (_n, ch, single, multi) => {
      expect(planParts(ch.repeat(single)).parts).toHaveLength(1);
      const two = planParts(ch.repeat(single + 1)).parts;
      expect(two.map((p) => p.length)).toEqual([multi, single + 1 - multi]);
    },
  );

  it("Android testFragmentText: 160 GSM chars → 1 part, 161 → 153 + 8", () => {
    const e = rule("android-fragment-gsm7") as Record<
      string,
      { msgCount: number; fragment_lengths?: number[] }
    >;
    expect(planParts("1".repeat(160)).parts).toHaveLength(e["160 GSM7 chars"]!.msgCount);
    expect(planParts("1".repeat(161)).parts.map((p) => p.length)).toEqual(
      e["161 GSM7 chars"]!.fragment_lengths,
    );
  });

  it("ofono shakespeare text needs 2 parts", () => {
    const e = rule("ofono-shakespeare") as { text: string; segments: number };
    expect(encodeSubmit({ to: "1", text: e.text }).parts).toHaveLength(e.segments);
  });

  it("ofono limits: 255 parts carry 39015 GSM 7-bit / 17085 UCS-2 characters, one more is refused", () => {
    const e = rule("ofono-limits") as Record<string, number>;
    expect(planParts("a".repeat(e.gsm7_chars_8bit_ref!), { maxParts: 255 }).parts).toHaveLength(
      255,
    );
    expect(planParts("ж".repeat(e.ucs2_chars_8bit_ref!), { maxParts: 255 }).parts).toHaveLength(
      255,
    );
    expect(() => planParts("a".repeat(e.gsm7_chars_8bit_ref! + 1), { maxParts: 255 })).toThrow(
      PduError,
    );
  });

  it("the UDL of a 153-septet part is 160 (7 header septets: 6 octets + 1 fill bit)", () => {
    const pdu = encodeSubmit({ to: "1", text: "a".repeat(200), concatRef: 7 }).parts[0]!.pdu;
    // 00 SMSC, 41 FO, 00 MR, 01 81 F1 DA, 00 PID, 00 DCS, A0 UDL, 05 00 03 07 02 01 UDH
    expect(pdu.slice(0, 30)).toBe("004100018 1F10000A0050003070201".replace(" ", ""));
  });
});

describe("never splitting pairs", () => {
  it("ofono surr_pair_split_test: 36 emoji (72 units) go in 2 parts without cutting a pair", () => {
    const e = rule("ofono-surrogate_split") as { text: string; segments: number };
    const parts = planParts(e.text).parts;
    expect(parts).toHaveLength(e.segments);
    expect(parts[0]!.length).toBe(66);
    expect(parts.join("")).toBe(e.text);
  });

  it("an escape pair that would straddle the boundary moves whole to the next part", () => {
    const text = `${"a".repeat(152)}€${"t".repeat(20)}`;
    const parts = planParts(text).parts;
    expect(parts[0]).toBe("a".repeat(152));
    expect(parts[1]).toBe(`€${"t".repeat(20)}`);
  });

  it("decoded parts of an emoji text join to the text", () => {
    const text = "Hi 👋🏽 ".repeat(30);
    const r = encodeSubmit({ to: "+1555", text, concatRef: 9 });
    expect(r.encoding).toBe("ucs2");
    expect(r.parts.map((p) => decodePdu(p.pdu).text).join("")).toBe(text);
  });
});

describe("maximum number of parts", () => {
  it("defaults to 10: a text needing 11 parts is pdu.too-many-parts with the counts", () => {
    try {
      encodeSubmit({ to: "1", text: "a".repeat(153 * 10 + 1) });
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(PduError);
      expect((err as PduError).code).toBe("pdu.too-many-parts");
      expect((err as PduError).details).toEqual({ parts: 11, maxParts: 10 });
      expect((err as PduError).message).toContain("11 parts");
    }
  });

  it("is configurable", () => {
    expect(() => planParts("a".repeat(161), { maxParts: 1 })).toThrow(
      expect.objectContaining({ code: "pdu.too-many-parts" }),
    );
    expect(planParts("a".repeat(153 * 12), { maxParts: 12 }).parts).toHaveLength(12);
  });

  it.each([0, 256, 1.5])("maxParts %s is an invalid option", (maxParts) => {
    expect(() => planParts("a", { maxParts })).toThrow(
      expect.objectContaining({ code: "pdu.invalid-option" }),
    );
  });
});

describe("encoding choice", () => {
  it.each([
    ["plain", "gsm7"],
    ["with € and [brackets]", "gsm7"],
    ["ç is not GSM", "ucs2"],
    ["emoji 😀", "ucs2"],
    ["", "gsm7"],
  ])("auto picks GSM 7-bit only when every character fits: %j → %s", (text, encoding) => {
    expect(planParts(text).encoding).toBe(encoding);
  });

  it("ucs2 can be forced", () => {
    expect(encodeSubmit({ to: "1", text: "plain", encoding: "ucs2" }).encoding).toBe("ucs2");
  });

  it("forcing gsm7 on text outside the alphabet is pdu.unencodable naming the character", () => {
    expect(() => encodeSubmit({ to: "1", text: "naïve", encoding: "gsm7" })).toThrow(
      expect.objectContaining({ code: "pdu.unencodable", message: expect.stringContaining('"ï"') }),
    );
  });
});
