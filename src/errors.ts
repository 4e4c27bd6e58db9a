import type { ErrorCode } from "./error-codes.js";

export { ERROR_CODES, type ErrorCode, isErrorCode } from "./error-codes.js";

/**
 * One error class for the whole gateway. The code says the area and the reason
 * (`pdu.truncated`, `at.timeout`, `at.cms`, `store.corrupt`, `config.invalid`, …) so
 * retry decisions and MQTT error responses can switch on it without parsing messages.
 */
export type ErrorArea =
  | "pdu"
  | "at"
  | "transport"
  | "modem"
  | "sim"
  | "network"
  | "sms"
  | "store"
  | "mqtt"
  | "http"
  | "config"
  | "automation";

export interface SmsgwErrorOptions {
  cause?: unknown;
  /** Context for logs and responses (CMS/CME code, command with secrets removed, …). */
  details?: Record<string, unknown>;
}

export class SmsgwError extends Error {
  readonly code: ErrorCode;
  readonly details: Record<string, unknown>;

  constructor(code: ErrorCode, message: string, options: SmsgwErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = "SmsgwError";
    this.code = code;
    this.details = options.details ?? {};
  }

  get area(): ErrorArea {
    return this.code.slice(0, this.code.indexOf(".")) as ErrorArea;
  }
}

export function isSmsgwError(value: unknown, code?: ErrorCode): value is SmsgwError {
  return value instanceof SmsgwError && (code === undefined || value.code === code);
}

/** A readable one-line reason from anything thrown. */
export function errorMessage(err: unknown): string {
  if (err instanceof Error) return err.message;
  return String(err);
}
