import { describe, expect, it } from "vitest";
import { decodePdu, encodeSubmit } from "../../../src/sms/pdu/index.js";

const first = (pdu: string) => Number.parseInt(pdu.slice(2, 4), 16);

describe("SMS-SUBMIT options", () => {
  it("plain: FO 0x01, MR 0, PID 0, DCS 0, no VP, SMSC field 00", () => {
    const { parts } = encodeSubmit({ to: "+27820001111", text: "Hello World!" });
    expect(parts[0]).toEqual({
      pdu: "0001000B917228001011F100000CC8329BFD065DDF72363904",
      tpduLength: 24,
    });
  });

  it("status report sets TP-SRR and decodes as statusReportRequested", () => {
    const { parts } = encodeSubmit({ to: "1", text: "x", statusReport: true });
    expect(first(parts[0]!.pdu) & 0x20).toBe(0x20);
    expect(decodePdu(parts[0]!.pdu).statusReportRequested).toBe(true);
  });

  it("reject duplicates sets TP-RD", () => {
    const d = decodePdu(encodeSubmit({ to: "1", text: "x", rejectDuplicates: true }).parts[0]!.pdu);
    expect(d.rejectDuplicates).toBe(true);
  });

  it("validity sets VPF relative and the rounded-up TP-VP", () => {
    const { parts } = encodeSubmit({ to: "1", text: "x", validitySeconds: 24 * 3600 });
    expect(first(parts[0]!.pdu) & 0x18).toBe(0x10);
    expect(decodePdu(parts[0]!.pdu).validity).toEqual({ format: "relative", seconds: 86_400 });
  });

  it.each([
    ["gsm7", "flash", 0x10],
    ["ucs2", "flash ж", 0x18],
  ])("flash (%s) is class 0: DCS 0x%s", (encoding, text, dcs) => {
    const d = decodePdu(encodeSubmit({ to: "1", text, flash: true }).parts[0]!.pdu);
    expect([d.encoding, d.dcs, d.class]).toEqual([encoding, dcs, 0]);
  });

  it("a given SMSC is written in front; tpduLength excludes it", () => {
    const { parts } = encodeSubmit({ to: "1", text: "x", smsc: "+19037029920" });
    expect(parts[0]!.pdu.startsWith("07919130079229F0")).toBe(true);
    expect(parts[0]!.tpduLength).toBe(parts[0]!.pdu.length / 2 - 8);
    expect(decodePdu(parts[0]!.pdu).smsc).toBe("+19037029920");
  });

  it("message reference and concatenation reference are used as given", () => {
    const r = encodeSubmit({ to: "1", text: "b".repeat(300), messageRef: 42, concatRef: 200 });
    const decoded = r.parts.map((p) => decodePdu(p.pdu));
    expect(decoded.map((d) => d.reference)).toEqual([42, 42]);
    expect(decoded.map((d) => d.concat)).toEqual([
      { ref: 200, part: 1, total: 2, refBits: 8 },
      { ref: 200, part: 2, total: 2, refBits: 8 },
    ]);
  });

  it("without concatRef the parts share one reference in 0–255", () => {
    const refs = encodeSubmit({ to: "1", text: "c".repeat(400) }).parts.map(
      (p) => decodePdu(p.pdu).concat!.ref,
    );
    expect(new Set(refs).size).toBe(1);
    expect(refs[0]).toBeGreaterThanOrEqual(0);
    expect(refs[0]).toBeLessThanOrEqual(255);
  });

  it.each([
    [{ concatRef: 256 }, "concatRef"],
    [{ messageRef: -1 }, "messageRef"],
    [{ text: 5 }, "text"],
    [{ encoding: "latin1" }, "encoding"],
  ])("bad option %j is pdu.invalid-option", (patch, name) => {
    const opts = { to: "1", text: "x", ...patch } as unknown as Parameters<typeof encodeSubmit>[0];
    expect(() => encodeSubmit(opts)).toThrow(
      expect.objectContaining({
        code: "pdu.invalid-option",
        message: expect.stringContaining(name),
      }),
    );
  });
});
