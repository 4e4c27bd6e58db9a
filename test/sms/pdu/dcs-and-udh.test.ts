import { describe, expect, it } from "vitest";
import { decodeDcs } from "../../../src/sms/pdu/dcs.js";
import { hexToBytes } from "../../../src/sms/pdu/hex.js";
import { decodePdu } from "../../../src/sms/pdu/index.js";
import { parseUdh } from "../../../src/sms/pdu/udh.js";
import { loadPrimitives, loadVectors } from "./helpers/vectors.js";

const udhVectors = loadPrimitives().udh_ie as Array<{
  ie_hex: string;
  concat?: { ref: number; part: number; total: number };
  ports?: { dest: number; src: number };
}>;

describe("data coding scheme (23.038 §4)", () => {
  it.each([
    [0x00, "gsm7", null],
    [0x04, "8bit", null],
    [0x08, "ucs2", null],
    [0x10, "gsm7", 0],
    [0x11, "gsm7", 1],
    [0x12, "gsm7", 2],
    [0x13, "gsm7", 3],
    [0x18, "ucs2", 0],
    [0x03, "gsm7", null], // class bits without bit 4 mean nothing (Android "(Subject)Test")
    [0x0c, "gsm7", null], // reserved alphabet → default alphabet
    [0x48, "ucs2", null], // automatic deletion group
    [0xf1, "gsm7", 1],
    [0xf4, "8bit", 0],
    [0x90, "gsm7", null], // reserved coding group → default alphabet
  ] as const)("0x%s is %s, class %s", (dcs, encoding, cls) => {
    expect(decodeDcs(dcs)).toMatchObject({ encoding, class: cls });
  });

  it("compressed text (bit 5) is a clean pdu.compressed error", () => {
    expect(() => decodeDcs(0x20)).toThrow(expect.objectContaining({ code: "pdu.compressed" }));
  });

  it.each([
    [0xc8, { source: "dcs", type: "voicemail", active: true, store: false }, "gsm7"],
    [0xc0, { source: "dcs", type: "voicemail", active: false, store: false }, "gsm7"],
    [0xd9, { source: "dcs", type: "fax", active: true, store: true }, "gsm7"],
    [0xea, { source: "dcs", type: "email", active: true, store: true }, "ucs2"],
  ] as const)("message-waiting group 0x%s", (dcs, mwi, encoding) => {
    expect(decodeDcs(dcs)).toEqual({ encoding, class: null, mwi });
  });

  it("ofono simple_mwi: DCS 0xC8 is an active voicemail indication to discard", () => {
    const v = loadVectors("decode-vectors.json").find((x) => x.id === "ofono-simple_mwi")!;
    expect(decodePdu(v.pdu!).mwi).toEqual({
      source: "dcs",
      type: "voicemail",
      active: true,
      store: false,
    });
  });
});

describe("user data header elements", () => {
  it.each(udhVectors.map((v) => [v.ie_hex, v] as const))("%s parses as stated", (hex, v) => {
    const udh = parseUdh(hexToBytes(hex), 0, hex.length / 2);
    if (v.concat) expect(udh.concat).toMatchObject(v.concat);
    if (v.ports) expect(udh.ports).toMatchObject(v.ports);
  });

  it("the concatenation reference size is reported (8 or 16 bits)", () => {
    expect(parseUdh(hexToBytes("0003170301"), 0, 5).concat?.refBits).toBe(8);
    expect(parseUdh(hexToBytes("080401800402"), 0, 6).concat?.refBits).toBe(16);
  });

  it.each(["0003170001", "0003170300", "0003170304"])(
    "concat IE %s (zero or out-of-range) is ignored",
    (hex) => {
      expect(parseUdh(hexToBytes(hex), 0, 5).concat).toBeNull();
    },
  );

  it("an element running past the header is pdu.bad-udh", () => {
    expect(() => parseUdh(hexToBytes("000517"), 0, 3)).toThrow(
      expect.objectContaining({ code: "pdu.bad-udh" }),
    );
  });

  it("all elements are listed in order with their data", () => {
    expect(
      parseUdh(hexToBytes("0504 0B8423F0 0003 2A0201".replace(/ /g, "")), 0, 11).elements,
    ).toEqual([
      { iei: 5, data: "0B8423F0" },
      { iei: 0, data: "2A0201" },
    ]);
  });
});
