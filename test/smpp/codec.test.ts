import { readFileSync } from "node:fs";
import fc from "fast-check";
import smpp from "smpp";
import { describe, expect, it } from "vitest";
import { decodePdu, encodePdu, SmppPduError } from "../../src/smpp/codec.js";
import { PduFramer } from "../../src/smpp/framer.js";
import { SmppDecodeError } from "../../src/smpp/octets.js";
import type { Pdu, ShortMessageBody } from "../../src/smpp/pdu.js";
import { parseSmppTime } from "../../src/smpp/smpp-time.js";
import { TLV, tlvCstring, tlvInt } from "../../src/smpp/tlv.js";

const fixtures = JSON.parse(
  readFileSync(new URL("../fixtures/smpp/npm-smpp-pdus.json", import.meta.url), "utf8"),
) as { pdus: Array<{ name: string; hex: string }> };

/** Our PDU in the npm package's field names, for the fields both read the same way. */
function asNpmFields(p: Pdu): Record<string, unknown> {
  const out: Record<string, unknown> = {
    command: p.command,
    command_status: p.status,
    sequence_number: p.sequence,
  };
  const b = "body" in p ? p.body : undefined;
  if (b === undefined) return out;
  if ("password" in b) Object.assign(out, { system_id: b.systemId, password: b.password });
  else if ("systemId" in b) out.system_id = b.systemId;
  if ("destinationAddr" in b) out.destination_addr = b.destinationAddr;
  if ("messageId" in b) out.message_id = b.messageId;
  if ("messageState" in b) out.message_state = b.messageState;
  if ("esmClass" in b) {
    const sm = b as ShortMessageBody;
    Object.assign(out, {
      source_addr: sm.sourceAddr,
      source_addr_ton: sm.sourceAddrTon,
      dest_addr_ton: sm.destAddrTon,
      esm_class: sm.esmClass,
      priority_flag: sm.priorityFlag,
      registered_delivery: sm.registeredDelivery,
      data_coding: sm.dataCoding,
    });
    const sar = tlvInt(sm.tlvs, TLV.sar_msg_ref_num);
    if (sar !== undefined) out.sar_msg_ref_num = sar;
    const receipted = tlvCstring(sm.tlvs, TLV.receipted_message_id);
    if (receipted !== undefined) out.receipted_message_id = receipted;
  }
  return out;
}

function npmDecoded(buf: Buffer): Record<string, unknown> {
  const theirs = smpp.PDU.fromBuffer(buf);
  if (theirs === false) throw new Error("the npm smpp package could not read it");
  return theirs as unknown as Record<string, unknown>;
}

describe("the SMPP codec against PDUs the npm smpp package encoded", () => {
  for (const f of fixtures.pdus) {
    it(`re-encodes ${f.name} to the same octets`, () => {
      const buf = Buffer.from(f.hex, "hex");
      expect(encodePdu(decodePdu(buf)).toString("hex")).toBe(f.hex);
    });

    it(`reads ${f.name} as the npm smpp package reads it`, () => {
      const buf = Buffer.from(f.hex, "hex");
      const ours = asNpmFields(decodePdu(buf));
      expect(npmDecoded(buf)).toMatchObject(ours);
    });
  }
});

describe("SMPP times as the npm smpp package reads them", () => {
  const sar = fixtures.pdus.find((f) => f.name === "submit_sm sar + payload") as { hex: string };
  const buf = Buffer.from(sar.hex, "hex");
  const body = (decodePdu(buf) as { body: ShortMessageBody }).body;

  it("reads an absolute schedule_delivery_time with its zone as the same instant", () => {
    const theirs = npmDecoded(buf).schedule_delivery_time as Date;
    expect(parseSmppTime(body.scheduleDeliveryTime, 0, "schedule_delivery_time")).toBe(
      theirs.getTime(),
    );
  });

  it("reads a relative validity_period (one day) as the same span from now", () => {
    const now = Date.now();
    const theirs = (npmDecoded(buf).validity_period as Date).getTime();
    const ours = parseSmppTime(body.validityPeriod, now, "validity_period") as number;
    expect(Math.abs(ours - theirs)).toBeLessThan(60_000);
  });
});

const sm = (over: Partial<ShortMessageBody> = {}): ShortMessageBody => ({
  serviceType: "",
  sourceAddrTon: 5,
  sourceAddrNpi: 0,
  sourceAddr: "Shop",
  destAddrTon: 1,
  destAddrNpi: 1,
  destinationAddr: "491701234567",
  esmClass: 0,
  protocolId: 0,
  priorityFlag: 1,
  scheduleDeliveryTime: "",
  validityPeriod: "000001000000000R",
  registeredDelivery: 1,
  replaceIfPresentFlag: 0,
  dataCoding: 0,
  smDefaultMsgId: 0,
  shortMessage: Buffer.from("hello"),
  tlvs: [],
  ...over,
});

const EVERY_PDU: Pdu[] = [
  {
    command: "bind_transmitter",
    status: 0,
    sequence: 1,
    body: {
      systemId: "a",
      password: "b",
      systemType: "c",
      interfaceVersion: 0x34,
      addrTon: 1,
      addrNpi: 1,
      addressRange: "49",
    },
  },
  {
    command: "bind_receiver",
    status: 0,
    sequence: 2,
    body: {
      systemId: "a",
      password: "b",
      systemType: "",
      interfaceVersion: 0x34,
      addrTon: 0,
      addrNpi: 0,
      addressRange: "",
    },
  },
  {
    command: "bind_transceiver",
    status: 0,
    sequence: 3,
    body: {
      systemId: "shop",
      password: "pw",
      systemType: "",
      interfaceVersion: 0x34,
      addrTon: 0,
      addrNpi: 0,
      addressRange: "",
    },
  },
  {
    command: "bind_transceiver_resp",
    status: 0,
    sequence: 3,
    body: {
      systemId: "smsgw",
      tlvs: [{ tag: TLV.sc_interface_version, value: Buffer.from([0x34]) }],
    },
  },
  { command: "bind_receiver_resp", status: 0x0d, sequence: 4 },
  {
    command: "bind_transmitter_resp",
    status: 0,
    sequence: 5,
    body: { systemId: "smsgw", tlvs: [] },
  },
  { command: "submit_sm", status: 0, sequence: 6, body: sm() },
  { command: "deliver_sm", status: 0, sequence: 7, body: sm({ esmClass: 4 }) },
  { command: "submit_sm_resp", status: 0, sequence: 6, body: { messageId: "smpp-shop-x" } },
  { command: "submit_sm_resp", status: 0x58, sequence: 8 },
  { command: "deliver_sm_resp", status: 0, sequence: 7, body: { messageId: "" } },
  {
    command: "query_sm",
    status: 0,
    sequence: 9,
    body: { messageId: "m", sourceAddrTon: 0, sourceAddrNpi: 0, sourceAddr: "" },
  },
  {
    command: "query_sm_resp",
    status: 0,
    sequence: 9,
    body: { messageId: "m", finalDate: "260101120000000+", messageState: 2, errorCode: 0 },
  },
  {
    command: "cancel_sm",
    status: 0,
    sequence: 10,
    body: {
      serviceType: "",
      messageId: "m",
      sourceAddrTon: 0,
      sourceAddrNpi: 0,
      sourceAddr: "",
      destAddrTon: 1,
      destAddrNpi: 1,
      destinationAddr: "491701234567",
    },
  },
  { command: "cancel_sm_resp", status: 0, sequence: 10 },
  { command: "unbind", status: 0, sequence: 11 },
  { command: "unbind_resp", status: 0, sequence: 11 },
  { command: "enquire_link", status: 0, sequence: 12 },
  { command: "enquire_link_resp", status: 0, sequence: 12 },
  { command: "generic_nack", status: 0x03, sequence: 13 },
];

describe("round trips of every PDU", () => {
  for (const p of EVERY_PDU)
    it(`${p.command} (status ${p.status}) decodes to what was encoded`, () => {
      expect(decodePdu(encodePdu(p))).toEqual(p);
    });

  it("writes command_length as the PDU's size", () => {
    const buf = encodePdu(EVERY_PDU[6] as Pdu);
    expect(buf.readUInt32BE(0)).toBe(buf.length);
  });
});

const cstr = (max: number) =>
  fc.string({ unit: "grapheme-ascii", maxLength: max }).map((s) => s.replace(/\0/g, ""));
const byte = fc.integer({ min: 0, max: 255 });
const tlv = fc.record({
  tag: fc.integer({ min: 0, max: 0xffff }),
  value: fc.uint8Array({ maxLength: 40 }).map((b) => Buffer.from(b)),
});
const shortMessageBody: fc.Arbitrary<ShortMessageBody> = fc.record({
  serviceType: cstr(5),
  sourceAddrTon: byte,
  sourceAddrNpi: byte,
  sourceAddr: cstr(20),
  destAddrTon: byte,
  destAddrNpi: byte,
  destinationAddr: cstr(20),
  esmClass: byte,
  protocolId: byte,
  priorityFlag: byte,
  // The npm package reads times as Dates (compared on their own below).
  scheduleDeliveryTime: fc.constant(""),
  validityPeriod: fc.constant(""),
  registeredDelivery: byte,
  replaceIfPresentFlag: byte,
  dataCoding: byte,
  smDefaultMsgId: byte,
  shortMessage: fc.uint8Array({ maxLength: 254 }).map((b) => Buffer.from(b)),
  tlvs: fc.array(tlv, { maxLength: 4 }),
});

describe("codec properties", () => {
  it("any submit_sm round-trips through encode and decode", () => {
    fc.assert(
      fc.property(shortMessageBody, fc.integer({ min: 1, max: 0x7fffffff }), (body, sequence) => {
        const p: Pdu = { command: "submit_sm", status: 0, sequence, body };
        expect(decodePdu(encodePdu(p))).toEqual(p);
      }),
    );
  });

  it("the npm smpp package reads any submit_sm we encode with the same addresses and flags", () => {
    fc.assert(
      fc.property(shortMessageBody, (body) => {
        // The npm package decodes the TLVs it knows by their types; the fixed fields are compared.
        const p: Pdu = {
          command: "submit_sm",
          status: 0,
          sequence: 1,
          body: { ...body, tlvs: [] },
        };
        expect(npmDecoded(encodePdu(p))).toMatchObject(asNpmFields(p));
      }),
    );
  });

  it("any octets either decode or are refused with an SMPP status, never another error", () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 16, maxLength: 200 }), (bytes) => {
        const buf = Buffer.from(bytes);
        buf.writeUInt32BE(buf.length, 0);
        try {
          decodePdu(buf);
        } catch (err) {
          expect(err).toBeInstanceOf(SmppPduError);
        }
      }),
    );
  });

  it("the framer yields the same PDUs however the stream is cut", () => {
    const stream = Buffer.concat(EVERY_PDU.map((p) => encodePdu(p)));
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: stream.length }), { maxLength: 20 }),
        (cuts) => {
          const framer = new PduFramer();
          const points = [...new Set(cuts)].sort((a, b) => a - b);
          const out: Buffer[] = [];
          let at = 0;
          for (const c of [...points, stream.length]) {
            out.push(...framer.push(stream.subarray(at, c)));
            at = c;
          }
          expect(out.map((b) => decodePdu(b))).toEqual(EVERY_PDU);
        },
      ),
    );
  });

  it("the framer refuses a command_length below 16 octets", () => {
    const framer = new PduFramer();
    expect(() => framer.push(Buffer.from([0, 0, 0, 8, 0, 0, 0, 0]))).toThrow(SmppDecodeError);
  });
});
