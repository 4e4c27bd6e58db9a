import type { SmppAccount } from "../config/sections/smpp.js";
import { isSmsgwError } from "../errors.js";
import { normaliseNumber } from "../sms/numbers.js";
import { parseUdh } from "../sms/pdu/udh.js";
import type { Priority, SendRequest } from "../sms/types.js";
import type { ShortMessageBody } from "./pdu.js";
import { SmppRefusal } from "./smpp-error.js";
import { parseSmppTime } from "./smpp-time.js";
import { STATUS } from "./status.js";
import { findTlv, TLV, tlvInt } from "./tlv.js";

/** esm_class bit 6: short_message begins with a user data header (§5.2.12). */
export const ESM_CLASS_UDHI = 0x40;

/** A submit_sm read into smsgw's terms; its text may still be one part of several. */
export interface ReadSubmit {
  to: string;
  /** The user data without any UDH. */
  data: Buffer;
  /** The ESME split the message itself: this is one part. */
  concat?: { ref: number; part: number; total: number };
  dataCoding: number;
  priority: Priority;
  validitySeconds?: number;
  notBefore?: Date;
  /** registered_delivery bits 0–1 (1: any outcome, 2: failures only); 0: no receipt. */
  receipt: 0 | 1 | 2;
  /** source_addr as given (the receipt's destination). */
  from: string;
}

/** destination_addr → an international number this account may text, else ESME_RINVDSTADR. */
export function readDestination(body: ShortMessageBody, account: SmppAccount): string {
  const raw = body.destinationAddr.trim();
  if (raw === "") throw new SmppRefusal(STATUS.ESME_RINVDSTADR, "destination_addr is empty");
  if (body.destAddrTon === 5)
    throw new SmppRefusal(STATUS.ESME_RINVDSTADR, "an alphanumeric destination cannot be texted");
  // TON 1 (international) without its "+", as SMPP writes numbers.
  const given = body.destAddrTon === 1 && /^[0-9]/.test(raw) ? `+${raw}` : raw;
  let to: string;
  try {
    to = normaliseNumber(given).number;
  } catch (err) {
    throw new SmppRefusal(
      STATUS.ESME_RINVDSTADR,
      isSmsgwError(err) ? err.message : "destination_addr is not a phone number",
    );
  }
  if (account.allowedPrefixes.length > 0 && !account.allowedPrefixes.some((p) => to.startsWith(p)))
    throw new SmppRefusal(
      STATUS.ESME_RINVDSTADR,
      "this account may not text that number (smpp.accounts[].allowedPrefixes)",
    );
  return to;
}

/** The user data: message_payload (then short_message must be empty) or short_message. */
function userData(body: ShortMessageBody): Buffer {
  const payload = findTlv(body.tlvs, TLV.message_payload);
  if (payload === undefined) return body.shortMessage;
  if (body.shortMessage.length > 0)
    throw new SmppRefusal(
      STATUS.ESME_RINVOPTPARAMVAL,
      "short_message and message_payload are both given (§5.3.2.32)",
    );
  return payload.value;
}

/** Concatenation by UDH (esm_class 0x40) or by sar_* TLVs; removes the UDH from the data. */
function splitConcat(
  body: ShortMessageBody,
  data: Buffer,
): { data: Buffer; concat?: ReadSubmit["concat"] } {
  if ((body.esmClass & ESM_CLASS_UDHI) !== 0) {
    const udhl = data[0];
    if (udhl === undefined || 1 + udhl > data.length)
      throw new SmppRefusal(
        STATUS.ESME_RINVESMCLASS,
        "esm_class says UDH, but the UDH length does not fit",
      );
    let concat: ReturnType<typeof parseUdh>["concat"];
    try {
      concat = parseUdh(data, 1, 1 + udhl).concat;
    } catch (err) {
      throw new SmppRefusal(STATUS.ESME_RINVESMCLASS, (err as Error).message);
    }
    const rest = data.subarray(1 + udhl);
    return concat === null || concat.total === 1
      ? { data: rest }
      : { data: rest, concat: { ref: concat.ref, part: concat.part, total: concat.total } };
  }
  const ref = tlvInt(body.tlvs, TLV.sar_msg_ref_num);
  const total = tlvInt(body.tlvs, TLV.sar_total_segments);
  const part = tlvInt(body.tlvs, TLV.sar_segment_seqnum);
  if (ref === undefined && total === undefined && part === undefined) return { data };
  if (ref === undefined || total === undefined || part === undefined)
    throw new SmppRefusal(
      STATUS.ESME_RMISSINGOPTPARAM,
      "sar_msg_ref_num, sar_total_segments and sar_segment_seqnum come together",
    );
  if (total < 1 || part < 1 || part > total)
    throw new SmppRefusal(
      STATUS.ESME_RINVOPTPARAMVAL,
      `sar segment ${part} of ${total} is not valid`,
    );
  return total === 1 ? { data } : { data, concat: { ref, part, total } };
}

/** priority_flag 0–3 (§5.2.14): 2 and 3 are urgent; 0 and 1 are the normal traffic most send. */
function priorityOf(flag: number): Priority {
  if (flag > 3) throw new SmppRefusal(STATUS.ESME_RINVPRTFLG, `priority_flag ${flag} is not 0–3`);
  return flag >= 2 ? "high" : "normal";
}

/** Reads a submit_sm: destination, user data, concatenation, times, priority, receipt. */
export function readSubmit(body: ShortMessageBody, account: SmppAccount, now: number): ReadSubmit {
  const to = readDestination(body, account);
  const { data, concat } = splitConcat(body, userData(body));
  const registered = body.registeredDelivery & 0x03;
  if (registered === 3)
    throw new SmppRefusal(STATUS.ESME_RINVREGDLVFLG, "registered_delivery 3 is reserved");
  const out: ReadSubmit = {
    to,
    data,
    dataCoding: body.dataCoding,
    priority: priorityOf(body.priorityFlag),
    receipt: registered as 0 | 1 | 2,
    from: body.sourceAddr,
  };
  if (concat !== undefined) out.concat = concat;
  const validUntil = parseSmppTime(body.validityPeriod, now, "validity_period");
  if (validUntil !== undefined) {
    const s = Math.floor((validUntil - now) / 1000);
    if (s <= 0) throw new SmppRefusal(STATUS.ESME_RINVEXPIRY, "validity_period is in the past");
    out.validitySeconds = s;
  }
  const at = parseSmppTime(body.scheduleDeliveryTime, now, "schedule_delivery_time");
  if (at !== undefined && at > now) out.notBefore = new Date(at);
  return out;
}

/** The send request for a whole message. */
export function sendRequestOf(
  s: ReadSubmit,
  text: { text: string; ucs2: boolean; flash: boolean },
  id: string,
): SendRequest {
  const req: SendRequest = {
    to: s.to,
    text: text.text,
    id,
    priority: s.priority,
    encoding: text.ucs2 ? "ucs2" : "auto",
    origin: "smpp",
  };
  if (text.flash) req.flash = true;
  if (s.validitySeconds !== undefined) req.validitySeconds = s.validitySeconds;
  if (s.notBefore !== undefined) req.notBefore = s.notBefore;
  if (s.receipt !== 0) req.deliveryReport = true;
  return req;
}

/** A refusal of the SMS service → the command_status closest to it. */
export function statusOfSendError(err: unknown): number {
  if (err instanceof SmppRefusal) return err.status;
  if (isSmsgwError(err))
    switch (err.code) {
      case "sms.invalid-number":
      case "sms.destination-denied":
      case "sms.too-many-recipients":
        return STATUS.ESME_RINVDSTADR;
      case "sms.too-many-parts":
      case "pdu.too-many-parts":
      case "sms.empty-text":
      case "pdu.unencodable":
        return STATUS.ESME_RINVMSGLEN;
      case "sms.queue-full":
      case "store.full":
        return STATUS.ESME_RMSGQFUL;
      case "sms.invalid-request":
        return STATUS.ESME_RSUBMITFAIL;
      default:
        break;
    }
  return STATUS.ESME_RSYSERR;
}
