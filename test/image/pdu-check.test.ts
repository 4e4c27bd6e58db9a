import { describe, expect, it } from "vitest";
// @ts-expect-error plain ESM helper of the image test, without type declarations
import { decodeSubmit, FIXED_INBOUND } from "../../scripts/lib/pdu-check.mjs";
import { decodePdu } from "../../src/sms/pdu/index.js";

// The image test's own SMS-SUBMIT decoder must agree with hand-built PDUs, so that a gateway
// PDU it accepts is right by a measure other than the gateway's own codec.
describe("image test: independent SMS-SUBMIT decoder", () => {
  it("reads a hand-built UCS-2 PDU: number, data coding and text", () => {
    // SMSC 00, SUBMIT (no VP), MR 00, 12 digits international 491701234567, PID 00, DCS 08,
    // UDL 4, "Hi" in UTF-16BE.
    const pdu = "0001000C919471103254760008040048" + "0069";
    expect(decodeSubmit(pdu)).toEqual({
      reference: 0,
      to: "+491701234567",
      pid: 0,
      dcs: 8,
      text: "Hi",
    });
  });

  it("reads the classic 7-bit example with a relative validity period", () => {
    // "hellohello" to +46708251358, VP relative (AA = 4 days).
    const d = decodeSubmit("0011000B916407281553F80000AA0AE8329BFD4697D9EC37");
    expect([d.to, d.dcs, d.text]).toEqual(["+46708251358", 0, "hellohello"]);
  });

  it("refuses a PDU that is not an SMS-SUBMIT", () => {
    expect(() => decodeSubmit(FIXED_INBOUND.pdu)).toThrow(/not an SMS-SUBMIT/);
  });
});

describe("image test: the fixed inbound PDU", () => {
  it("is the text and sender the test expects on the broker", () => {
    const d = decodePdu(FIXED_INBOUND.pdu);
    expect([d.from, d.text]).toEqual([FIXED_INBOUND.from, FIXED_INBOUND.text]);
  });
});
