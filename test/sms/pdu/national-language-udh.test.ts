import { describe, expect, it } from "vitest";
import { decodePdu, encodeDeliver, encodeSubmit, planParts } from "../../../src/sms/pdu/index.js";
import { loadVectors } from "./helpers/vectors.js";

const turkishRule = loadVectors("segmentation-rules.json").find(
  (v) => v.id === "android-fragment-turkish-single-shift",
)!;

describe("national language shift tables in the UDH (IEI 0x24 / 0x25)", () => {
  it("Turkish text uses the Turkish single-shift table when configured (IE 24 01 01)", () => {
    const r = encodeSubmit({
      to: "+905321234567",
      text: "Ğüzel şehir İstanbul",
      national: { single: "turkish" },
    });
    expect(r.encoding).toBe("gsm7");
    const d = decodePdu(r.parts[0]!.pdu);
    expect(d.udh).toEqual([{ iei: 0x24, data: "01" }]);
    expect(d.national).toEqual({ single: 1 });
    expect(d.text).toBe("Ğüzel şehir İstanbul");
  });

  it("without national tables configured the same text goes out as UCS-2", () => {
    expect(encodeSubmit({ to: "+905321234567", text: "Ğüzel şehir" }).encoding).toBe("ucs2");
  });

  it("Portuguese locking + single shift round-trip (IEs 24 01 03 and 25 01 03)", () => {
    const text = "Não há ação sem êxito: você é ótimo!";
    const r = encodeSubmit({
      to: "+351912345678",
      text,
      national: { locking: "portuguese", single: "portuguese" },
    });
    const d = decodePdu(r.parts[0]!.pdu);
    expect(r.encoding).toBe("gsm7");
    expect(d.national).toEqual({ locking: 3, single: 3 });
    expect(d.text).toBe(text);
  });

  it("Spanish single shift round-trips; Spanish has no locking table so no IE 0x25 is sent", () => {
    const text = "Canción: ¿Qué tal, Íñigo? ç";
    const d = decodePdu(
      encodeSubmit({ to: "600123456", text, national: { locking: "spanish", single: "spanish" } })
        .parts[0]!.pdu,
    );
    expect(d.udh?.map((ie) => ie.iei)).toEqual([0x24]);
    expect(d.text).toBe(text);
  });

  it("plain default-alphabet text does not pay for a national header", () => {
    const r = encodeSubmit({ to: "123", text: "hello", national: { single: "turkish" } });
    expect(decodePdu(r.parts[0]!.pdu).udh).toBeUndefined();
  });

  it("an unknown language id in the UDH falls back to the default tables", () => {
    // Ğ is 0x0B in the Turkish locking table; relabel the IEs as Urdu (13), which we lack.
    const [pdu] = encodeDeliver({ from: "123", text: "Ğ", national: { locking: "turkish" } });
    expect(pdu).toContain("250101");
    const d = decodePdu(pdu!.replace("250101", "25010D"));
    expect(d.national).toEqual({ locking: 13 });
    expect(d.text).toBe("Ø");
  });

  describe("Android testFragmentTurkishText part sizes", () => {
    const expected = turkishRule.expected as Record<
      string,
      { msgCount: number; fragment_lengths: number[] }
    >;
    const sample = "ĞŞİğşı";
    const text = (n: number) =>
      Array.from({ length: n }, (_, i) => sample[i % sample.length]).join("");

    it.each([
      [77, expected["77 chars of ĞŞİğşı"]!.fragment_lengths],
      [78, expected["78 chars"]!.fragment_lengths],
      [160, expected["160 chars"]!.fragment_lengths],
    ])("%i characters split as %j", (n, lengths) => {
      const plan = planParts(text(n), { national: { single: "turkish" }, maxParts: 10 });
      expect(plan.parts.map((p) => p.length)).toEqual(lengths);
    });
  });
});

describe("national language options", () => {
  it("an unknown language name is pdu.invalid-option", () => {
    expect(() =>
      planParts("x", { national: { single: "german" as unknown as "turkish" } }),
    ).toThrow(expect.objectContaining({ code: "pdu.invalid-option" }));
  });
});
