import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { decodePdu, encodeDeliver } from "../../../src/sms/pdu/index.js";

/**
 * Alphanumeric senders (TON 5) as networks send them: the address length either counts the
 * semi-octets the packed septets use (23.040) or, as many networks do, 2 × the octets.
 */

const NAMES = Array.from({ length: 11 }, (_, i) => "Telekom4You".slice(0, i + 1));
/** Single-septet characters of the GSM default alphabet ('@' is septet 0). */
const BASIC =
  "@£$¥èéùìòÇØøÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCXYZÄÖÑÜ§¿abcxyzäöñüà";

const usefulLength = (n: number) => Math.ceil((7 * n) / 4);
const octetLength = (n: number) => 2 * Math.ceil((7 * n) / 8);

/** An SMS-DELIVER from `name` with its address length byte set to `length`. */
function deliverFrom(name: string, length: number): string {
  const pdu = encodeDeliver({ from: name, text: "code 1234", timestamp: new Date(0) })[0]!;
  // SMSC field "00", first octet, then the originator's length.
  expect(pdu.slice(6, 8)).toBe("D0");
  return pdu.slice(0, 4) + length.toString(16).toUpperCase().padStart(2, "0") + pdu.slice(6);
}

function senderOf(pdu: string): string | undefined {
  return decodePdu(pdu).from;
}

describe("alphanumeric senders whose length counts semi-octets", () => {
  it.each(NAMES)("%j reads back", (name) => {
    expect(senderOf(deliverFrom(name, usefulLength(name.length)))).toBe(name);
  });

  it("'Telekom' is 0x0D", () => {
    expect(deliverFrom("Telekom", 0x0d).slice(4, 8)).toBe("0DD0");
  });
});

describe("alphanumeric senders whose length counts whole octets", () => {
  it.each(NAMES)("%j reads back without a trailing '@'", (name) => {
    expect(senderOf(deliverFrom(name, octetLength(name.length)))).toBe(name);
  });

  it("'Telekom' sent as 0x0E (7 characters, 49 bits in 7 octets) reads 'Telekom'", () => {
    const pdu = deliverFrom("Telekom", 0x0e);
    expect(pdu.slice(4, 22)).toBe("0ED0D432BBBC7EB701");
    expect(senderOf(pdu)).toBe("Telekom");
  });

  it("any name of 1–11 characters reads back in both length forms", () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom(...BASIC), { minLength: 1, maxLength: 11 }).map((a) => a.join("")),
        (name) => {
          // A name ending in '@' at 8 characters is the one the two forms can't tell apart.
          fc.pre(!(name.length === 8 && name.endsWith("@")));
          fc.pre(!/^\+?[0-9*#]+$/.test(name)); // digits only: a phone number, not TON 5
          expect(senderOf(deliverFrom(name, usefulLength(name.length)))).toBe(name);
          if (!name.endsWith("@"))
            expect(senderOf(deliverFrom(name, octetLength(name.length)))).toBe(name);
        },
      ),
      { numRuns: 500 },
    );
  });
});

describe("names that really end in '@' (septet 0)", () => {
  it.each(NAMES.map((n) => `${n.slice(0, -1)}@`).filter((n) => n.length !== 8))(
    "%j keeps its '@' in the semi-octet form",
    (name) => {
      expect(senderOf(deliverFrom(name, usefulLength(name.length)))).toBe(name);
    },
  );

  it("CPHS voicemail senders 'Δ@' still read as two characters", () => {
    expect(senderOf(deliverFrom("Δ@", 4))).toBe("Δ@");
  });

  it("8 characters ending in '@' (0x0E) read as the 7-character name: its octets are the same", () => {
    expect(deliverFrom("Telekom@", 0x0e)).toBe(deliverFrom("Telekom", 0x0e));
    expect(senderOf(deliverFrom("Telekom@", 0x0e))).toBe("Telekom");
  });
});
