import { describe, expect, it } from "vitest";
import {
  decodePdu,
  encodeDeliver,
  encodeStatusReport,
  tpduLength,
} from "../../../src/sms/pdu/index.js";

const at = new Date("2024-05-06T07:08:09Z");

describe("encodeDeliver (what the simulator injects)", () => {
  it("a short text from an international number decodes back with its time stamp", () => {
    const [pdu] = encodeDeliver({
      from: "+4917012345678",
      text: "Hallo",
      timestamp: at,
      tzOffsetMinutes: 120,
      smsc: "+491720000000",
    });
    const d = decodePdu(pdu!);
    expect(d).toMatchObject({
      type: "deliver",
      smsc: "+491720000000",
      from: "+4917012345678",
      text: "Hallo",
      timestamp: "2024-05-06T09:08:09+02:00",
      concat: null,
      class: null,
    });
    expect(pdu!.slice(16, 18)).toBe("04"); // TP-MMS: no more messages
  });

  it("an alphanumeric sender is TON 5", () => {
    const d = decodePdu(encodeDeliver({ from: "Megafon", text: "code 4856" })[0]!);
    expect(d.from).toBe("Megafon");
    expect(d.addressType).toBe(0xd0);
  });

  it("a long UCS-2 text with a 16-bit reference is cut at 66 units and joins back", () => {
    const text = "Привет, мир! ".repeat(12);
    const pdus = encodeDeliver({
      from: "1234",
      text,
      concatRef: 0x1234,
      concatRef16: true,
      timestamp: at,
    });
    const parts = pdus.map((p) => decodePdu(p));
    expect(parts.map((p) => p.concat)).toEqual([
      { ref: 0x1234, part: 1, total: 3, refBits: 16 },
      { ref: 0x1234, part: 2, total: 3, refBits: 16 },
      { ref: 0x1234, part: 3, total: 3, refBits: 16 },
    ]);
    expect(parts[0]!.text.length).toBe(66);
    expect(parts.map((p) => p.text).join("")).toBe(text);
  });

  it("a long GSM text with a 16-bit reference carries 152 septets per part", () => {
    const parts = encodeDeliver({ from: "1", text: "x".repeat(400), concatRef16: true }).map((p) =>
      decodePdu(p),
    );
    expect(parts.map((p) => p.text.length)).toEqual([152, 152, 96]);
  });

  it("flash sets class 0", () => {
    expect(decodePdu(encodeDeliver({ from: "1", text: "now", flash: true })[0]!).class).toBe(0);
  });
});

describe("encodeStatusReport (what the simulator sends for +CDS)", () => {
  it("reports delivery of a message reference to a recipient", () => {
    const pdu = encodeStatusReport({
      reference: 183,
      recipient: "0829200000",
      status: 0,
      timestamp: at,
      dischargeTime: new Date(at.getTime() + 5000),
      tzOffsetMinutes: 120,
    });
    expect(decodePdu(pdu)).toMatchObject({
      type: "status-report",
      smsc: null,
      reference: 183,
      recipient: "0829200000",
      status: 0,
      statusCategory: "delivered",
      timestamp: "2024-05-06T09:08:09+02:00",
      dischargeTime: "2024-05-06T09:08:14+02:00",
    });
  });

  it.each([
    [0x00, "delivered"],
    [0x21, "pending"],
    [0x46, "failed"],
    [0x62, "failed"],
  ])("status 0x%s is %s", (status, category) => {
    const pdu = encodeStatusReport({ reference: 1, recipient: "+1555", status });
    expect(decodePdu(pdu).statusCategory).toBe(category);
  });

  it("matches the python-gsmmodem status report layout byte for byte", () => {
    const pdu = encodeStatusReport({
      reference: 0xb7,
      recipient: "0829200000",
      status: 0,
      smsc: "+27841004005",
      timestamp: new Date("2013-07-17T15:58:09+02:00"),
      dischargeTime: new Date("2013-07-17T15:58:14+02:00"),
      tzOffsetMinutes: 120,
    });
    // gsmmodem-sr-0 has TOA A1 (national) for the recipient; ours writes 81 (unknown).
    expect(pdu).toBe("07917248014000F506B70A818092020000317071518590803170715185418000");
  });

  it("tpduLength gives the length without the SMSC field", () => {
    expect(tpduLength("07917248014000F506B70A81")).toBe(4);
    expect(tpduLength("0006")).toBe(1);
  });
});
