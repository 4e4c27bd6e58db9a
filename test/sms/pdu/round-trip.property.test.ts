import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  type DecodedSms,
  decodePdu,
  encodeSubmit,
  isGsm7Encodable,
  planParts,
} from "../../../src/sms/pdu/index.js";

/**
 * Properties over arbitrary text: GSM alphabet, extension characters, national letters,
 * any Unicode (astral planes included) and emoji graphemes, mixed.
 */
const GSM =
  "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCXYZÄÖÑÜ§¿abcxyzäöñüà";
const EXT = "\f^{}\\[~]|€";
const piece = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...GSM) },
  { weight: 2, arbitrary: fc.constantFrom(...EXT) },
  { weight: 1, arbitrary: fc.constantFrom("ç", "Ğ", "ж", "中", "😀", "👋🏽", "🇩🇪", "𝄞") },
  { weight: 1, arbitrary: fc.string({ unit: "binary", minLength: 1, maxLength: 3 }) },
  { weight: 1, arbitrary: fc.string({ unit: "grapheme", minLength: 1, maxLength: 2 }) },
);
const texts = fc.array(piece, { maxLength: 500 }).map((a) => a.join(""));
const encodings = fc.constantFrom("auto", "ucs2") as fc.Arbitrary<"auto" | "ucs2">;

function gsmCost(text: string): number[] {
  return Array.from(text, (ch) => (EXT.includes(ch) ? 2 : 1));
}

/** Independent oracle: fewest parts by dynamic programming over atoms (1 or 2 units). */
function minimalParts(atoms: number[], single: number, multi: number): number {
  const total = atoms.reduce((a, b) => a + b, 0);
  if (total <= single) return 1;
  const best = new Array<number>(atoms.length + 1).fill(Number.POSITIVE_INFINITY);
  best[0] = 0;
  for (let i = 0; i < atoms.length; i++) {
    let size = 0;
    for (let j = i; j < atoms.length; j++) {
      size += atoms[j]!;
      if (size > multi) break;
      best[j + 1] = Math.min(best[j + 1]!, best[i]! + 1);
    }
  }
  return best[atoms.length]!;
}

function atomsOf(
  text: string,
  encoding: string,
): { atoms: number[]; single: number; multi: number } {
  return encoding === "gsm7"
    ? { atoms: gsmCost(text), single: 160, multi: 153 }
    : { atoms: Array.from(text, (ch) => ch.length), single: 70, multi: 67 };
}

function wellFormed(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const u = s.charCodeAt(i);
    if (u >= 0xd800 && u <= 0xdbff) {
      const next = s.charCodeAt(i + 1);
      if (!(next >= 0xdc00 && next <= 0xdfff)) return false;
      i++;
    } else if (u >= 0xdc00 && u <= 0xdfff) return false;
  }
  return true;
}

const encodeAll = (text: string, encoding: "auto" | "ucs2") =>
  encodeSubmit({ to: "+491701234567", text, encoding, maxParts: 255, concatRef: 1 });

describe("encode → decode round trip (fast-check)", () => {
  it("the decoded parts, in order, give the text back", () => {
    fc.assert(
      fc.property(texts, encodings, (text, encoding) => {
        const r = encodeAll(text, encoding);
        const decoded = r.parts.map((p) => decodePdu(p.pdu));
        expect(decoded.map((d) => d.text).join("")).toBe(text);
        expect(decoded.every((d) => d.encoding === r.encoding)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it("auto uses GSM 7-bit exactly when every character is in the alphabet", () => {
    fc.assert(
      fc.property(texts, (text) => {
        expect(planParts(text, { maxParts: 255 }).encoding).toBe(
          isGsm7Encodable(text) ? "gsm7" : "ucs2",
        );
      }),
      { numRuns: 300 },
    );
  });

  it("the part count is the minimum possible", () => {
    fc.assert(
      fc.property(texts, encodings, (text, encoding) => {
        const plan = planParts(text, { encoding, maxParts: 255 });
        const { atoms, single, multi } = atomsOf(text, plan.encoding);
        expect(plan.parts.length).toBe(minimalParts(atoms, single, multi));
      }),
      { numRuns: 300 },
    );
  });

  it("no part exceeds its limit (160/153 septets, 70/67 units, 140 octets of user data)", () => {
    fc.assert(
      fc.property(texts, encodings, (text, encoding) => {
        const r = encodeAll(text, encoding);
        const multi = r.parts.length > 1;
        for (const p of r.parts) {
          const d: DecodedSms = decodePdu(p.pdu);
          const cost =
            r.encoding === "gsm7" ? gsmCost(d.text).reduce((a, b) => a + b, 0) : d.text.length;
          const limit = r.encoding === "gsm7" ? (multi ? 153 : 160) : multi ? 67 : 70;
          expect(cost).toBeLessThanOrEqual(limit);
          // TPDU = fixed fields (FO, MR, DA 2+7, PID, DCS, UDL = 13) + user data ≤ 140.
          expect(p.tpduLength - 13).toBeLessThanOrEqual(140);
        }
      }),
      { numRuns: 300 },
    );
  });

  it("no part starts or ends inside a surrogate pair or an escape pair", () => {
    fc.assert(
      fc.property(texts, encodings, (text, encoding) => {
        const { parts } = planParts(text, { encoding, maxParts: 255 });
        expect(parts.join("")).toBe(text);
        // A split escape pair would show as a trailing space and a wrong first character.
        for (const part of parts) expect(wellFormed(part) || !wellFormed(text)).toBe(true);
        const r = encodeAll(text, encoding);
        for (const p of r.parts) expect(decodePdu(p.pdu).text).toBe(parts[r.parts.indexOf(p)]);
      }),
      { numRuns: 300 },
    );
  });
});
