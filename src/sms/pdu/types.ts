import type { Encoding, MessageClass, MessageWaiting } from "./dcs.js";
import type { NationalLanguage } from "./gsm7-tables.js";
import type { NationalOptions } from "./plan.js";
import type { ConcatInfo, PortInfo, UdhElement } from "./udh.js";
import type { Validity } from "./validity.js";

export interface SubmitOptions {
  /** "+4917…" international, "0170…" national, "1234" short code; alphanumeric is refused. */
  to: string;
  text: string;
  /** Default auto: GSM 7-bit when every character fits (extension table included), else UCS-2. */
  encoding?: "auto" | "gsm7" | "ucs2";
  /** Class 0 (flash SMS). */
  flash?: boolean;
  /** Relative validity period in seconds (rounded up to the next TP-VP step). */
  validitySeconds?: number;
  statusReport?: boolean;
  rejectDuplicates?: boolean;
  /** Omit for SMSC field "00" (the SIM's, AT+CSCA). */
  smsc?: string;
  /** Default 10; a longer text fails with `pdu.too-many-parts`. */
  maxParts?: number;
  /** 0–255 concatenation reference; default random. */
  concatRef?: number;
  /** TP-MR, default 0 (the modem assigns one). */
  messageRef?: number;
  national?: NationalOptions;
}

export interface EncodedPart {
  /** Upper hex, SMSC field included. */
  pdu: string;
  /** TPDU octets without the SMSC field: the number for AT+CMGS=. */
  tpduLength: number;
}

export interface EncodeResult {
  encoding: Encoding;
  parts: EncodedPart[];
}

export interface DeliverOptions {
  /** Number, or up to 11 GSM 7-bit characters (alphanumeric sender, TON 5). */
  from: string;
  /** Force the sender's type of number (default: from its form). */
  fromType?: "alphanumeric" | "national" | "unknown";
  text: string;
  /** Default now. */
  timestamp?: Date;
  /** SC time zone, default 0; rounded to quarter hours. */
  tzOffsetMinutes?: number;
  smsc?: string;
  encoding?: "auto" | "gsm7" | "ucs2";
  /** 0–255 (0–65535 with concatRef16); default random. */
  concatRef?: number;
  concatRef16?: boolean;
  flash?: boolean;
  /** TP-SRI: the SC will send the originator a status report. */
  statusReportIndication?: boolean;
  /** TP-MMS = 0: the SC has more messages waiting. Default false (first octet 0x04). */
  moreMessages?: boolean;
  pid?: number;
  national?: NationalOptions;
  maxParts?: number;
}

export interface StatusReportOptions {
  /** TP-MR of the SMS-SUBMIT this reports on. */
  reference: number;
  recipient: string;
  /** TP-ST (0 = delivered, 0x20–0x3F still trying, 0x40+ failed). */
  status: number;
  /** SC time stamp of the original message; default now. */
  timestamp?: Date;
  /** Discharge time; default = timestamp. */
  dischargeTime?: Date;
  tzOffsetMinutes?: number;
  smsc?: string;
}

export type StatusCategory = "delivered" | "pending" | "failed";

export interface DecodedSms {
  type: "deliver" | "submit" | "status-report";
  /** SMSC from the SMSC field; null when empty or absent. */
  smsc: string | null;
  /** Originator (SMS-DELIVER). */
  from?: string;
  /** Destination (SMS-SUBMIT). */
  to?: string;
  /** Recipient of the reported message (SMS-STATUS-REPORT). */
  recipient?: string;
  /** Type of address octet of from/to/recipient (0x91 international, 0xD0 alphanumeric, …). */
  addressType?: number;
  /** Text of this part ("" for 8-bit data and for status reports). */
  text: string;
  encoding: Encoding;
  class: MessageClass | null;
  /**
   * SC time stamp, ISO 8601 with the SC's offset (deliver, status report); null when the
   * octets are not a valid time (non-decimal digits, month 13 …), with a line in `warnings`.
   */
  timestamp?: string | null;
  concat: ConcatInfo | null;
  /** TP-MR (submit, status report). */
  reference?: number;
  /** TP-ST (status report). */
  status?: number;
  statusCategory?: StatusCategory;
  /** TP-DT (status report): as `timestamp`, null with a warning when not a valid time. */
  dischargeTime?: string | null;
  pid: number;
  dcs: number;
  /** 8-bit user data (after the UDH) as upper hex. */
  data?: string;
  /** SMS-SUBMIT TP-SRR, SMS-STATUS-REPORT TP-SRQ, SMS-DELIVER TP-SRI. */
  statusReportRequested?: boolean;
  rejectDuplicates?: boolean;
  validity?: Validity;
  ports?: PortInfo;
  mwi?: MessageWaiting;
  /** National language tables named in the UDH (language ids, 1 Turkish, 2 Spanish, 3 Portuguese). */
  national?: { locking?: number; single?: number };
  /** All UDH information elements, in order. */
  udh?: UdhElement[];
  /**
   * What the decoder could not take as sent without failing the whole PDU, one sentence each,
   * e.g. a time stamp that is not a valid time. Absent when there is nothing to say.
   */
  warnings?: string[];
}

export type {
  ConcatInfo,
  Encoding,
  MessageClass,
  MessageWaiting,
  NationalLanguage,
  PortInfo,
  Validity,
};
