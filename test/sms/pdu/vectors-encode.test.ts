import { describe, expect, it } from "vitest";
import { encodeDeliver, encodeSubmit } from "../../../src/sms/pdu/index.js";
import { loadVectors, type Vector } from "./helpers/vectors.js";

/**
 * Byte-exact SUBMIT (and gammu's DELIVER) encodings from python-gsmmodem, ModemManager and
 * gammu, wherever their options map onto ours.
 */
const encodeVectors = loadVectors("encode-vectors.json");
const gammu = loadVectors("gammu-encode.json");
const SIXTY_THREE_WEEKS = 63 * 7 * 86400;

describe("python-gsmmodem SUBMIT vectors", () => {
  const pgm = (id: string) => encodeVectors.find((v) => v.id === id)!;

  it.each(["gsmmodem-submit-00", "gsmmodem-submit-01", "gsmmodem-submit-02"])(
    "%s encodes byte-exact",
    (id) => {
      const v = pgm(id);
      const i = v.encoder_inputs as Record<string, unknown>;
      const validity = i.validity as string | null;
      const days = validity === null ? undefined : Number(/relative:(\d+) days/.exec(validity)![1]);
      const result = encodeSubmit({
        to: i.number as string,
        text: i.text as string,
        messageRef: i.reference as number,
        smsc: (i.smsc as string | null) ?? undefined,
        statusReport: i.requestStatusReport as boolean,
        rejectDuplicates: i.rejectDuplicates as boolean,
        flash: i.sendFlash as boolean,
        validitySeconds: days === undefined ? undefined : days * 86400,
      });
      expect(result.parts.map((p) => p.pdu)).toEqual([v.pdu]);
    },
  );

  it("the 3-part concatenated SUBMIT (reference 0, reject duplicates) encodes byte-exact", () => {
    const parts = [
      "gsmmodem-concat-submit-1",
      "gsmmodem-concat-submit-2",
      "gsmmodem-concat-submit-3",
    ].map(pgm);
    const result = encodeSubmit({
      to: "+15125551234",
      text: parts[0]!.expected.full_text_after_reassembly as string,
      rejectDuplicates: true,
      messageRef: 0,
      concatRef: 0,
    });
    expect(result.parts.map((p) => p.pdu)).toEqual(parts.map((v) => v.pdu));
  });
});

describe("ModemManager SUBMIT vectors", () => {
  const mm = encodeVectors.filter((v) => v.id.startsWith("mm-test_create_pdu_"));
  it.each(mm.map((v) => [v.id, v] as [string, Vector]))(
    "%s encodes byte-exact with the CMGS length",
    (_id, v) => {
      const i = v.encoder_inputs as Record<string, unknown>;
      const minutes = i.validity_relative_minutes as number;
      const result = encodeSubmit({
        to: i.number as string,
        text: i.text as string,
        smsc: (i.smsc as string | null) ?? undefined,
        validitySeconds: minutes > 0 ? minutes * 60 : undefined,
      });
      expect(result.parts).toEqual([{ pdu: v.pdu, tpduLength: v.tpdu_length_for_cmgs }]);
    },
  );
});

describe("gammu ATGEN_MakeSMSFrame vectors", () => {
  const cases = gammu.map((v) => [v.id, v] as [string, Vector]);
  it.each(cases)("%s encodes byte-exact", (_id, v) => {
    const e = v.expected as {
      smsc: string;
      address: string;
      coding: string;
      text: string;
      sent_field?: string;
    };
    const encoding = e.coding === "Unicode" ? "ucs2" : "gsm7";
    if (v.reference_decoded_type === "SMS-SUBMIT") {
      // gammu's SUBMIT: FO 0x11, TP-VP 0xFF (63 weeks), PID 0.
      const result = encodeSubmit({
        to: e.address,
        text: e.text,
        smsc: e.smsc,
        encoding,
        validitySeconds: SIXTY_THREE_WEEKS,
      });
      expect(result.parts.map((p) => p.pdu)).toEqual([v.pdu]);
    } else {
      // Sent-folder messages are stored as DELIVER: FO 0x00 (TP-MMS 0), SCTS from the backup.
      const s = e.sent_field!;
      const timestamp = new Date(
        `${s.slice(0, 4)}-${s.slice(4, 6)}-${s.slice(6, 8)}T${s.slice(9, 11)}:${s.slice(11, 13)}:${s.slice(13, 15)}Z`,
      );
      const pdus = encodeDeliver({
        from: e.address,
        text: e.text,
        smsc: e.smsc,
        encoding,
        timestamp,
        moreMessages: true,
      });
      expect(pdus).toEqual([v.pdu]);
    }
  });
});
