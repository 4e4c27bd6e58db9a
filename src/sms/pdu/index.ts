/**
 * SMS PDU codec (3GPP TS 23.040 / 23.038): SMS-SUBMIT encoding for sending, SMS-DELIVER and
 * SMS-STATUS-REPORT encoding for the simulator, decoding of all three.
 */
export type { MessageWaiting, WaitingType } from "./dcs.js";
export { type DecodeOptions, decodePdu } from "./decode.js";
export { encodeDeliver } from "./deliver.js";
export { PduError, type PduErrorReason } from "./errors.js";
export { isGsm7Encodable } from "./gsm7-charset.js";
export type { NationalLanguage } from "./gsm7-tables.js";
export type { NationalOptions } from "./plan.js";
export { type PlanResult, planParts } from "./plan-parts.js";
export { encodeStatusReport, tpduLength } from "./status-report.js";
export { encodeSubmit } from "./submit.js";
export type {
  ConcatInfo,
  DecodedSms,
  DeliverOptions,
  EncodedPart,
  EncodeResult,
  Encoding,
  MessageClass,
  PortInfo,
  StatusCategory,
  StatusReportOptions,
  SubmitOptions,
  Validity,
} from "./types.js";
export type { UdhElement } from "./udh.js";
