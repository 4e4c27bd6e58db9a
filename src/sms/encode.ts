import { isSmsgwError, SmsgwError } from "../errors.js";
import { type EncodeResult, encodeSubmit } from "./pdu/index.js";
import type { OutboxRecord } from "./state.js";

/**
 * The codec's parts for one outbound record. Deterministic for a record (same concat
 * reference), so a retry after a failed part resends the missing parts of the same
 * concatenated message. Codec refusals become the service's `sms.*` codes.
 */
export function encodeRecord(
  r: Pick<
    OutboxRecord,
    "to" | "text" | "encodingRequest" | "flash" | "deliveryReport" | "concatRef" | "validitySeconds"
  >,
  maxParts: number,
  validitySeconds?: number,
): EncodeResult {
  try {
    return encodeSubmit({
      to: r.to,
      text: r.text,
      encoding: r.encodingRequest,
      flash: r.flash === true,
      statusReport: r.deliveryReport,
      concatRef: r.concatRef,
      maxParts,
      ...(validitySeconds === undefined ? {} : { validitySeconds }),
    });
  } catch (err) {
    throw toSmsError(err, maxParts);
  }
}

export function toSmsError(err: unknown, maxParts: number): SmsgwError {
  if (isSmsgwError(err, "pdu.too-many-parts"))
    return new SmsgwError(
      "sms.too-many-parts",
      `the text needs more than ${maxParts} SMS parts (the configured maximum)`,
      { cause: err, details: { maxParts } },
    );
  if (isSmsgwError(err) && err.area === "pdu")
    return new SmsgwError("sms.invalid-request", `the message cannot be encoded: ${err.message}`, {
      cause: err,
    });
  if (err instanceof SmsgwError) return err;
  return new SmsgwError("sms.invalid-request", `the message cannot be encoded: ${String(err)}`, {
    cause: err,
  });
}
