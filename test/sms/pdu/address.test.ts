import { describe, expect, it } from "vitest";
import {
  readAddress,
  readSmsc,
  writeNumber,
  writeOriginator,
  writeSmsc,
} from "../../../src/sms/pdu/address.js";
import { bytesToHex, hexToBytes } from "../../../src/sms/pdu/hex.js";
import { encodeSubmit, PduError } from "../../../src/sms/pdu/index.js";
import { Reader, Writer } from "../../../src/sms/pdu/reader.js";
import { loadPrimitives, loadVectors } from "./helpers/vectors.js";

const primitives = loadPrimitives();
type AddressVector = {
  address: string;
  octets_consumed: number;
  input_hex: string;
  canonical_hex: string;
};
const addressVectors = primitives.address_field as AddressVector[];
const smscVectors = primitives.smsc_field as AddressVector[];
const mmAddress = loadVectors("encode-vectors.json").filter((v) => v.kind === "address-encode");

function written(fn: (w: Writer) => void): string {
  const w = new Writer();
  fn(w);
  return bytesToHex(w.bytes, w.pos);
}

describe("reading addresses (TP-OA/DA/RA)", () => {
  it.each(addressVectors.map((v) => [v.input_hex, v] as const))(
    "%s reads as the stated address",
    (_h, v) => {
      const r = new Reader(hexToBytes(v.input_hex));
      expect(readAddress(r, "address").address).toBe(v.address);
      expect(r.pos).toBe(v.octets_consumed);
    },
  );

  it("BCD nibbles A–E read as * # a b c (Android testAddressing)", () => {
    expect(readAddress(new Reader(hexToBytes("09E1BADCBE5AF1")), "a").address).toBe("*#abc#*51");
  });

  it("a length beyond 20 digits is a bad address, not an overrun", () => {
    expect(() => readAddress(new Reader(hexToBytes("8191")), "a")).toThrow(PduError);
  });

  it("a length beyond the data is pdu.truncated", () => {
    expect(() => readAddress(new Reader(hexToBytes("0B9121")), "a")).toThrow(
      expect.objectContaining({ code: "pdu.truncated" }),
    );
  });
});

describe("reading the SMSC field", () => {
  it.each(smscVectors.map((v) => [v.input_hex, v] as const))(
    "%s reads as the stated SMSC",
    (_h, v) => {
      const r = new Reader(hexToBytes(v.input_hex));
      expect(readSmsc(r)).toBe(v.address);
      expect(r.pos).toBe(v.octets_consumed);
    },
  );

  it("length 00 means no SMSC (null)", () => {
    expect(readSmsc(new Reader(hexToBytes("00")))).toBeNull();
  });
});

describe("writing addresses", () => {
  it.each(
    addressVectors.filter((v) => v.address.startsWith("+")).map((v) => [v.address, v] as const),
  )("number %s writes the canonical field", (_a, v) => {
    expect(written((w) => writeNumber(w, v.address, "to"))).toBe(v.canonical_hex);
  });

  it.each(smscVectors.map((v) => [v.address, v] as const))(
    "SMSC %s writes the canonical field",
    (_a, v) => {
      expect(written((w) => writeSmsc(w, v.address))).toBe(v.canonical_hex);
    },
  );

  it.each(mmAddress.map((v) => [`${v.address} (smsc ${v.smsc_field})`, v] as const))(
    "ModemManager %s: international 0x91, otherwise unknown 0x81",
    (_n, v) => {
      const hex = written((w) =>
        v.smsc_field
          ? writeSmsc(w, v.address as string)
          : writeNumber(w, v.address as string, "to"),
      );
      expect(hex).toBe(v.expected_octets);
    },
  );

  it("no SMSC writes 00 (use the SIM's, AT+CSCA)", () => {
    expect(written((w) => writeSmsc(w, undefined))).toBe("00");
  });

  it.each(
    addressVectors
      .filter(
        (v) =>
          v.input_hex.startsWith("06D0") ||
          v.input_hex.startsWith("0ED0") ||
          v.input_hex.startsWith("14D0"),
      )
      .map((v) => [v.address, v] as const),
  )("alphanumeric originator %j writes TON 5 with the semi-octet length", (_a, v) => {
    expect(written((w) => writeOriginator(w, v.address))).toBe(v.canonical_hex);
  });

  it.each(["Megafon", "InternetSMS"])("alphanumeric originator %j reads back", (name) => {
    const hex = written((w) => writeOriginator(w, name));
    expect(readAddress(new Reader(hexToBytes(hex)), "oa").address).toBe(name);
  });

  it("an originator of more than 11 characters is refused", () => {
    expect(() => written((w) => writeOriginator(w, "ABCDEFGHIJKL"))).toThrow(
      expect.objectContaining({ code: "pdu.invalid-address" }),
    );
  });

  it.each(["Megafon", "+49 170 123", "", "+", "12345678901234567890123", "0170-123"])(
    "SUBMIT to %j is refused as pdu.invalid-address",
    (to) => {
      expect(() => encodeSubmit({ to, text: "x" })).toThrow(
        expect.objectContaining({ code: "pdu.invalid-address" }),
      );
    },
  );

  it.each([
    ["+4917012345678", "0D91947110325476F8"],
    ["017012345678", "0C81100721436587"],
    ["1234", "04812143"],
  ])("SUBMIT to %s carries destination %s", (to, field) => {
    expect(encodeSubmit({ to, text: "x" }).parts[0]!.pdu.slice(6, 6 + field.length)).toBe(field);
  });
});
