import { describe, expect, it } from "vitest";
import { bytesToHex, hexToBytes } from "../../../src/sms/pdu/hex.js";
import { decodePdu, encodeDeliver, encodeStatusReport } from "../../../src/sms/pdu/index.js";
import { Writer } from "../../../src/sms/pdu/reader.js";
import { decodeScts, writeScts } from "../../../src/sms/pdu/scts.js";
import { relativeVpOctet, relativeVpSeconds } from "../../../src/sms/pdu/validity.js";
import { loadPrimitives } from "./helpers/vectors.js";

const primitives = loadPrimitives();
const stamps = primitives.timestamp as Array<{ iso: string; scts_hex: string }>;
const vps = primitives.relative_vp as Array<{ duration_minutes: number; vp_octet: number }>;

describe("SCTS time stamps", () => {
  it.each(stamps.map((v) => [v.scts_hex, v.iso] as const))("%s reads as %s", (hex, iso) => {
    expect(decodeScts(hexToBytes(hex), 0)).toBe(iso);
  });

  it.each([
    ["80", "+02:00"],
    ["23", "+08:00"],
    ["2B", "-08:00"],
    ["48", "-01:00"],
    ["A0", "+02:30"], // non-BCD TZ from a broken SC (ofono sr_pdu3): accepted as +10 quarters
    ["99", "-04:45"],
  ])("TZ octet %s is %s (quarter hours, sign in bit 3)", (tz, offset) => {
    expect(decodeScts(hexToBytes(`113070000000${tz}`), 0)?.slice(-6)).toBe(offset);
  });

  it.each(stamps.map((v) => [v.iso, v.scts_hex] as const))("%s writes as %s", (iso, hex) => {
    const w = new Writer();
    const offset = iso.slice(-6);
    const minutes =
      (offset[0] === "-" ? -1 : 1) * (Number(offset.slice(1, 3)) * 60 + Number(offset.slice(4, 6)));
    writeScts(w, new Date(iso), minutes);
    expect(bytesToHex(w.bytes, w.pos)).toBe(hex);
  });

  it("a negative quarter-hour zone writes the sign bit and reads back", () => {
    const w = new Writer();
    writeScts(w, new Date("2024-02-29T23:59:59Z"), -(3 * 60 + 45));
    expect(decodeScts(w.bytes, 0)).toBe("2024-02-29T20:14:59-03:45");
  });
});

describe("SCTS octets that are not a valid time read as null", () => {
  it.each([
    ["FFFFFFFFFFFFFF", "every nibble F"],
    ["21101F00000080", "a non-decimal day digit"],
    ["21310100000080", "month 13"],
    ["21401300000080", "31 April"],
    ["32209200000080", "29 February 2023"],
    ["21011042000080", "hour 24"],
    ["21011000060080", "minute 60"],
    ["21011000000680", "second 60"],
    ["21011000000037", "an offset of 18 h 15"],
    ["21010000000080", "day 0"],
  ])("%s (%s)", (hex) => {
    expect(decodeScts(hexToBytes(hex), 0)).toBeNull();
  });

  it("29 February of a leap year is a valid time", () => {
    expect(decodeScts(hexToBytes("42209200000080"), 0)).toBe("2024-02-29T00:00:00+02:00");
  });

  it("an offset of exactly 18 h is still a valid time", () => {
    expect(decodeScts(hexToBytes("21011000000027"), 0)).toBe("2012-10-01T00:00:00+18:00");
  });
});

/** `pdu` with the 7 octets at `hexOffset` (in hex characters) replaced by `octets`. */
function patched(pdu: string, hexOffset: number, octets: string): string {
  return pdu.slice(0, hexOffset) + octets + pdu.slice(hexOffset + 14);
}

const AT = new Date("2024-05-06T07:08:09Z");
const AT_SCTS = "42506070809000";

describe("a decoded PDU with a time field that is not a valid time", () => {
  const deliver = encodeDeliver({ from: "+491701234567", text: "hi", timestamp: AT })[0]!;
  const bad = patched(deliver, deliver.indexOf(AT_SCTS), "FFFFFFFFFFFFFF");

  it("SMS-DELIVER: timestamp is null, the text is still there", () => {
    expect(decodePdu(bad)).toMatchObject({ type: "deliver", timestamp: null, text: "hi" });
  });

  it("SMS-DELIVER: warnings names the field and its octets", () => {
    expect(decodePdu(bad).warnings).toEqual([
      "TP-SCTS octets FFFFFFFFFFFFFF are not a valid time; timestamp is null",
    ]);
  });

  it("a valid PDU has no warnings field", () => {
    expect(decodePdu(deliver)).not.toHaveProperty("warnings");
  });

  it("the JSON of the decoded PDU carries timestamp null and the warning", () => {
    const json = JSON.parse(JSON.stringify(decodePdu(bad)));
    expect(json.timestamp).toBeNull();
    expect(json.warnings).toHaveLength(1);
  });

  const report = encodeStatusReport({
    reference: 7,
    recipient: "+491701234567",
    status: 0,
    timestamp: AT,
    dischargeTime: new Date("2024-05-06T07:09:10Z"),
  });
  const dt = report.indexOf("42506070900100");

  it("SMS-STATUS-REPORT: a discharge time that is not a valid time is null with a warning", () => {
    const decoded = decodePdu(patched(report, dt, "42506070990100"));
    expect(decoded).toMatchObject({ dischargeTime: null, timestamp: "2024-05-06T07:08:09+00:00" });
    expect(decoded.warnings).toEqual([
      "TP-DT octets 42506070990100 are not a valid time; dischargeTime is null",
    ]);
  });

  it("SMS-STATUS-REPORT: both times broken give two warnings and keep the status", () => {
    const both = patched(patched(report, dt, "FFFFFFFFFFFFFF"), dt - 14, "FFFFFFFFFFFFFF");
    const decoded = decodePdu(both);
    expect(decoded).toMatchObject({ timestamp: null, dischargeTime: null, status: 0 });
    expect(decoded.warnings).toHaveLength(2);
  });

  it("SMS-SUBMIT: an absolute validity that is not a valid time is null with a warning", () => {
    // FO 0x19: SUBMIT, VPF 11 (absolute); MR 0; DA "1234"; PID; DCS; VP; UDL 0.
    const decoded = decodePdu("001900048121430000FFFFFFFFFFFFFF00");
    expect(decoded.validity).toEqual({ format: "absolute", timestamp: null });
    expect(decoded.warnings).toEqual([
      "TP-VP octets FFFFFFFFFFFFFF are not a valid time; validity.timestamp is null",
    ]);
  });
});

describe("relative validity period", () => {
  it.each(vps.map((v) => [v.duration_minutes, v.vp_octet] as const))(
    "%i minutes ↔ TP-VP %i",
    (minutes, octet) => {
      expect(relativeVpOctet(minutes * 60)).toBe(octet);
      expect(relativeVpSeconds(octet)).toBe(minutes * 60);
    },
  );

  it.each([
    [300, 0],
    [301, 1],
    [86_400, 167],
    [4 * 86_400, 170],
    [364 * 86_400, 244],
    [10 * 365 * 86_400, 255],
  ])("%i s becomes TP-VP %i (rounded up, never shorter)", (seconds, octet) => {
    expect(relativeVpOctet(seconds)).toBe(octet);
    expect(relativeVpSeconds(octet)).toBeGreaterThanOrEqual(
      Math.min(seconds, relativeVpSeconds(255)),
    );
  });

  it.each([0, -5, Number.NaN])("%s seconds is refused", (s) => {
    expect(() => relativeVpOctet(s)).toThrow(
      expect.objectContaining({ code: "pdu.invalid-option" }),
    );
  });
});
