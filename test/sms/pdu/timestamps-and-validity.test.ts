import { describe, expect, it } from "vitest";
import { bytesToHex, hexToBytes } from "../../../src/sms/pdu/hex.js";
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
    expect(decodeScts(hexToBytes(`113070000000${tz}`), 0).slice(-6)).toBe(offset);
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
