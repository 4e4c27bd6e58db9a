import { SmsgwError, type SmsgwErrorOptions } from "../../errors.js";

/**
 * Why a PDU could not be decoded or a message could not be encoded. The code is
 * `pdu.<reason>`, so callers (CLI, MQTT responses, the simulator) can switch on it.
 */
export type PduErrorReason =
  | "empty"
  | "bad-hex"
  | "odd-length"
  | "too-long"
  | "truncated"
  | "bad-length"
  | "bad-address"
  | "bad-udh"
  | "bad-udl"
  | "compressed"
  | "unsupported-type"
  | "invalid-address"
  | "invalid-option"
  | "unencodable"
  | "too-many-parts"
  | "internal";

export class PduError extends SmsgwError {
  readonly reason: PduErrorReason;

  constructor(reason: PduErrorReason, message: string, options: SmsgwErrorOptions = {}) {
    super(`pdu.${reason}`, message, options);
    this.name = "PduError";
    this.reason = reason;
  }
}
