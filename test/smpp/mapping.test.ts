import { describe, expect, it } from "vitest";
import type { SmppAccount } from "../../src/config/sections/smpp.js";
import { deliverSmBody, receiptText } from "../../src/smpp/deliver-sm.js";
import { decodeSmText, encodeSmText } from "../../src/smpp/message-text.js";
import type { ShortMessageBody } from "../../src/smpp/pdu.js";
import { SmppRefusal } from "../../src/smpp/smpp-error.js";
import { parseSmppTime } from "../../src/smpp/smpp-time.js";
import { STATUS } from "../../src/smpp/status.js";
import { readSubmit } from "../../src/smpp/submit.js";
import { TLV, tlvInt } from "../../src/smpp/tlv.js";

const account: SmppAccount = {
  systemId: "shop",
  password: "s3cret-pass",
  allowedPrefixes: [],
  dataCoding0: "gsm",
  receiveInbound: true,
  inboundDestination: "smsgw",
};

const statusOf = (fn: () => unknown): number | undefined => {
  try {
    fn();
  } catch (err) {
    if (err instanceof SmppRefusal) return err.status;
    throw err;
  }
  return undefined;
};

describe("short_message text by data_coding", () => {
  it("reads data_coding 0 as GSM 7-bit septets for a gsm account (0x00 is @)", () => {
    expect(decodeSmText(Buffer.from([0x00, 0x41, 0x1b, 0x65]), 0, "gsm").text).toBe("@A€");
  });

  it("reads data_coding 0 as Latin-1 for a latin1 account", () => {
    expect(decodeSmText(Buffer.from("café", "latin1"), 0, "latin1").text).toBe("café");
  });

  it("reads data_coding 3 as Latin-1", () => {
    expect(decodeSmText(Buffer.from("Grüße", "latin1"), 3, "gsm").text).toBe("Grüße");
  });

  it("reads data_coding 8 as UCS-2 and keeps the message UCS-2", () => {
    expect(decodeSmText(Buffer.from([0x04, 0x1f, 0x00, 0x21]), 8, "gsm")).toEqual({
      text: "П!",
      ucs2: true,
      flash: false,
    });
  });

  it("refuses binary data_coding 4 with ESME_RSUBMITFAIL", () => {
    expect(statusOf(() => decodeSmText(Buffer.from([1, 2]), 4, "gsm"))).toBe(
      STATUS.ESME_RSUBMITFAIL,
    );
  });

  it("writes a text the account's alphabet lacks as UCS-2 (data_coding 8)", () => {
    expect(encodeSmText("日本", "gsm").dataCoding).toBe(8);
  });
});

describe("SMPP times", () => {
  it("reads an absolute time in UTC+1 (04 quarter hours, +)", () => {
    expect(parseSmppTime("260315120000004+", 0, "validity_period")).toBe(Date.UTC(2026, 2, 15, 11));
  });

  it("reads a relative time (R) from now", () => {
    expect(parseSmppTime("000000010000000R", 1000, "validity_period")).toBe(1000 + 3_600_000);
  });

  it("refuses a malformed validity_period with ESME_RINVEXPIRY (0x62)", () => {
    expect(statusOf(() => parseSmppTime("tomorrow", 0, "validity_period"))).toBe(
      STATUS.ESME_RINVEXPIRY,
    );
  });

  it("refuses a malformed schedule_delivery_time with ESME_RINVSCHED (0x61)", () => {
    expect(statusOf(() => parseSmppTime("261399000000000+", 0, "schedule_delivery_time"))).toBe(
      STATUS.ESME_RINVSCHED,
    );
  });
});

const body = (over: Partial<ShortMessageBody> = {}): ShortMessageBody => ({
  serviceType: "",
  sourceAddrTon: 0,
  sourceAddrNpi: 0,
  sourceAddr: "",
  destAddrTon: 1,
  destAddrNpi: 1,
  destinationAddr: "491701234567",
  esmClass: 0,
  protocolId: 0,
  priorityFlag: 0,
  scheduleDeliveryTime: "",
  validityPeriod: "",
  registeredDelivery: 0,
  replaceIfPresentFlag: 0,
  dataCoding: 0,
  smDefaultMsgId: 0,
  shortMessage: Buffer.from("hi"),
  tlvs: [],
  ...over,
});

describe("reading a submit_sm", () => {
  it("turns a relative validity_period into the time to live in seconds", () => {
    expect(
      readSubmit(body({ validityPeriod: "000000020000000R" }), account, 0).validitySeconds,
    ).toBe(7200);
  });

  it("turns a future schedule_delivery_time into the not-before time", () => {
    const now = Date.UTC(2026, 0, 1);
    expect(
      readSubmit(body({ scheduleDeliveryTime: "260102000000000+" }), account, now).notBefore,
    ).toEqual(new Date(Date.UTC(2026, 0, 2)));
  });

  it("reads an international number (TON 1) without its + as +digits", () => {
    expect(readSubmit(body(), account, 0).to).toBe("+491701234567");
  });

  it("refuses short_message and message_payload together", () => {
    const both = body({ tlvs: [{ tag: TLV.message_payload, value: Buffer.from("x") }] });
    expect(statusOf(() => readSubmit(both, account, 0))).toBe(STATUS.ESME_RINVOPTPARAMVAL);
  });

  it("refuses priority_flag 4 with ESME_RINVPRTFLG", () => {
    expect(statusOf(() => readSubmit(body({ priorityFlag: 4 }), account, 0))).toBe(
      STATUS.ESME_RINVPRTFLG,
    );
  });

  it("refuses a validity_period already past with ESME_RINVEXPIRY", () => {
    const now = Date.UTC(2026, 5, 1);
    expect(
      statusOf(() => readSubmit(body({ validityPeriod: "260101000000000+" }), account, now)),
    ).toBe(STATUS.ESME_RINVEXPIRY);
  });
});

describe("receipts", () => {
  const receipt = {
    kind: "receipt" as const,
    seq: 1,
    id: "smpp-shop-1",
    to: "+491701234567",
    from: "Shop",
    state: "UNDELIV" as const,
    err: 21,
    submittedAt: Date.UTC(2026, 0, 2, 3, 4),
    doneAt: Date.UTC(2026, 0, 2, 3, 5),
    text: "Your code is 1234 and more",
  };

  it("writes the de-facto receipt text with dates as YYMMDDhhmm and the first 20 characters", () => {
    expect(receiptText(receipt)).toBe(
      "id:smpp-shop-1 sub:001 dlvrd:000 submit date:2601020304 done date:2601020305 stat:UNDELIV err:021 text:Your code is 1234 an",
    );
  });

  it("marks the deliver_sm as a receipt (esm_class 0x04) with message_state UNDELIVERABLE (5)", () => {
    const b = deliverSmBody(receipt, "gsm");
    expect([b.esmClass, tlvInt(b.tlvs, TLV.message_state)]).toEqual([0x04, 5]);
  });
});
