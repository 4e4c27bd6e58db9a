import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { bytesToHex } from "../../../src/sms/pdu/hex.js";
import {
  decodePdu,
  encodeDeliver,
  encodeStatusReport,
  encodeSubmit,
  PduError,
} from "../../../src/sms/pdu/index.js";

/** Decodes or throws a PduError with a reason; anything else fails the property. */
function decodesOrRejects(hex: string, smsc: boolean): boolean {
  try {
    const d = decodePdu(hex, { smsc });
    return typeof d.text === "string" && ["deliver", "submit", "status-report"].includes(d.type);
  } catch (err) {
    return err instanceof PduError && err.code.startsWith("pdu.") && err.message.length > 0;
  }
}

const seeds = [
  ...encodeSubmit({
    to: "+491701234567",
    text: "Hello [world] €",
    smsc: "+491720000000",
    validitySeconds: 3600,
    statusReport: true,
  }).parts.map((p) => p.pdu),
  ...encodeSubmit({ to: "1234", text: "emoji 😀 ".repeat(20), concatRef: 3 }).parts.map(
    (p) => p.pdu,
  ),
  ...encodeDeliver({ from: "Megafon", text: "x".repeat(170), concatRef16: true }),
  ...encodeDeliver({ from: "+1", text: "Ğ", national: { locking: "turkish", single: "turkish" } }),
  encodeStatusReport({ reference: 7, recipient: "+4917012345", status: 0x46 }),
];

describe("decoder robustness (fuzz)", () => {
  it("random bytes give a DecodedSms or a PduError, with and without an SMSC field", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 220 }), fc.boolean(), (bytes, smsc) => {
        expect(decodesOrRejects(bytesToHex(bytes), smsc)).toBe(true);
      }),
      { numRuns: 5000 },
    );
  });

  it("mutated valid PDUs (flipped, truncated, extended octets) give a DecodedSms or a PduError", () => {
    const mutation = fc.record({
      seed: fc.constantFrom(...seeds),
      flips: fc.array(fc.record({ at: fc.nat(), value: fc.integer({ min: 0, max: 255 }) }), {
        maxLength: 4,
      }),
      cut: fc.nat(),
      tail: fc.uint8Array({ maxLength: 8 }),
    });
    fc.assert(
      fc.property(mutation, ({ seed, flips, cut, tail }) => {
        const bytes = Uint8Array.from(Buffer.from(seed, "hex"));
        for (const f of flips) bytes[f.at % bytes.length] = f.value;
        const kept = bytes.subarray(0, bytes.length - (cut % 4 === 0 ? cut % bytes.length : 0));
        expect(decodesOrRejects(bytesToHex(kept) + bytesToHex(tail), true)).toBe(true);
      }),
      { numRuns: 5000 },
    );
  });

  it("arbitrary strings (not hex, odd length, whitespace, huge) are rejected cleanly", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (s) => {
        expect(decodesOrRejects(s, true)).toBe(true);
      }),
      { numRuns: 2000 },
    );
    expect(() => decodePdu("00".repeat(5000))).toThrow(
      expect.objectContaining({ code: "pdu.too-long" }),
    );
    expect(() => decodePdu("")).toThrow(expect.objectContaining({ code: "pdu.empty" }));
    expect(() => decodePdu("0G")).toThrow(expect.objectContaining({ code: "pdu.bad-hex" }));
    expect(() => decodePdu("000")).toThrow(expect.objectContaining({ code: "pdu.odd-length" }));
    expect(() => decodePdu(undefined as unknown as string)).toThrow(PduError);
  });
});
