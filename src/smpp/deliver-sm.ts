import type { Delivery, ReceiptState } from "./deliveries.js";
import { type DataCoding0, encodeAsciiish, encodeSmText } from "./message-text.js";
import type { ShortMessageBody } from "./pdu.js";
import { receiptDate } from "./smpp-time.js";
import { MESSAGE_STATE } from "./status.js";
import { cstringTlv, TLV, type Tlv, u8Tlv } from "./tlv.js";

/** esm_class bit 2: the short message is an SMSC delivery receipt (§5.2.12). */
export const ESM_CLASS_RECEIPT = 0x04;

const RECEIPT_STATE: Record<ReceiptState, number> = {
  DELIVRD: MESSAGE_STATE.DELIVERED,
  EXPIRED: MESSAGE_STATE.EXPIRED,
  DELETED: MESSAGE_STATE.DELETED,
  UNDELIV: MESSAGE_STATE.UNDELIVERABLE,
  REJECTD: MESSAGE_STATE.REJECTED,
};

/** short_message holds 254 octets; a longer text goes in message_payload (§5.3.2.32). */
const SHORT_MESSAGE_MAX = 254;

const pad3 = (n: number) => String(Math.max(0, Math.min(999, n))).padStart(3, "0");

/** An address as SMPP writes it: international numbers without "+", names as alphanumeric. */
function address(value: string): { ton: number; npi: number; addr: string } {
  if (/^\+[0-9]+$/.test(value)) return { ton: 1, npi: 1, addr: value.slice(1) };
  if (/^[0-9]+$/.test(value)) return { ton: 0, npi: 1, addr: value };
  return { ton: 5, npi: 0, addr: value.slice(0, 20) };
}

/**
 * The de-facto receipt text (SMPP 3.4 Appendix B, as Kannel and Jasmin parse it):
 * `id:… sub:001 dlvrd:001 submit date:YYMMDDhhmm done date:YYMMDDhhmm stat:DELIVRD err:000 text:…`.
 */
export function receiptText(d: Extract<Delivery, { kind: "receipt" }>): string {
  return (
    `id:${d.id} sub:001 dlvrd:${d.state === "DELIVRD" ? "001" : "000"} ` +
    `submit date:${receiptDate(d.submittedAt)} done date:${receiptDate(d.doneAt)} ` +
    `stat:${d.state} err:${pad3(d.err)} text:${d.text.slice(0, 20)}`
  );
}

/** The deliver_sm body for a waiting delivery. */
export function deliverSmBody(
  d: Delivery,
  dc0: DataCoding0,
  inboundDestination = "smsgw",
): ShortMessageBody {
  const base = {
    serviceType: "",
    protocolId: 0,
    priorityFlag: 0,
    scheduleDeliveryTime: "",
    validityPeriod: "",
    registeredDelivery: 0,
    replaceIfPresentFlag: 0,
    smDefaultMsgId: 0,
  };
  if (d.kind === "receipt") {
    const src = address(d.to);
    const dst = address(d.from);
    const tlvs: Tlv[] = [
      cstringTlv(TLV.receipted_message_id, d.id),
      u8Tlv(TLV.message_state, RECEIPT_STATE[d.state]),
    ];
    return {
      ...base,
      sourceAddrTon: src.ton,
      sourceAddrNpi: src.npi,
      sourceAddr: src.addr,
      destAddrTon: dst.ton,
      destAddrNpi: dst.npi,
      destinationAddr: dst.addr,
      esmClass: ESM_CLASS_RECEIPT,
      dataCoding: 0,
      shortMessage: encodeAsciiish(receiptText(d), dc0),
      tlvs,
    };
  }
  const src = address(d.from);
  // The SIM's own number is not known to the modem layer; ESMEs (Kannel) refuse an empty one.
  const dst = address(inboundDestination);
  const encoded = encodeSmText(d.text, dc0);
  const long = encoded.data.length > SHORT_MESSAGE_MAX;
  return {
    ...base,
    sourceAddrTon: src.ton,
    sourceAddrNpi: src.npi,
    sourceAddr: src.addr,
    destAddrTon: dst.ton,
    destAddrNpi: dst.npi,
    destinationAddr: dst.addr,
    esmClass: 0,
    dataCoding: encoded.dataCoding,
    shortMessage: long ? Buffer.alloc(0) : encoded.data,
    tlvs: long ? [{ tag: TLV.message_payload, value: encoded.data }] : [],
  };
}
