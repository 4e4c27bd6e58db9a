import { type ErrorCode, isSmsgwError, SmsgwError } from "../errors.js";

/** An error answer: the code from the catalogue, a sentence, and each bad field when known. */
export interface ProblemBody {
  status: "error";
  code: ErrorCode;
  error: string;
  /** Every problem with the field it is about (400). */
  fields?: Array<{ field: string; message: string }>;
}

export interface Problem {
  httpStatus: number;
  body: ProblemBody;
  /** Seconds, for a `Retry-After` header. */
  retryAfter?: number;
}

/** How long a client should wait after `sms.queue-full`: the queue drains at the send rate. */
export const QUEUE_FULL_RETRY_SECONDS = 60;

/** The field an SMS service refusal is about, so a 400 names it like a schema problem. */
const FIELD_OF: Partial<Record<ErrorCode, string>> = {
  "sms.invalid-number": "to",
  "sms.destination-denied": "to",
  "sms.too-many-recipients": "to",
  "sms.empty-text": "text",
  "sms.too-many-parts": "text",
  "pdu.unencodable": "text",
  "pdu.too-many-parts": "text",
};

/**
 * The HTTP status for an error code. A switch over every code would name each new one; the
 * codes a request can meet are listed, everything else is a 500 (logged as a bug).
 */
function statusOf(code: ErrorCode): number {
  switch (code) {
    case "mqtt.invalid-request":
    case "sms.invalid-request":
    case "sms.invalid-number":
    case "sms.empty-text":
    case "sms.too-many-recipients":
    case "sms.destination-denied":
    case "http.invalid-json":
    case "http.bad-url":
    case "pdu.unencodable":
    case "pdu.invalid-option":
    case "http.token-invalid":
    case "ussd.invalid-code":
    case "http.password-invalid":
    case "config.invalid":
    case "http.at-command-refused":
    case "http.backup-invalid":
      return 400;
    case "http.unauthorized":
    case "http.session-expired":
    case "http.wrong-password":
      return 401;
    case "http.forbidden":
    case "http.csrf":
    case "http.at-console-off":
      return 403;
    case "sms.not-found":
    case "http.not-found":
    case "http.token-not-found":
    case "http.opt-out-not-found":
    case "http.batch-not-found":
    case "http.webhook-not-found":
      return 404;
    case "sms.not-cancellable":
    case "http.id-conflict":
    case "http.webhook-read-only":
    case "ussd.busy":
    case "ussd.no-session":
    case "http.password-not-set":
    case "http.password-set-already":
    case "config.no-file":
    case "modem.pin-refused":
    case "http.modem-unavailable":
    case "http.reboot-unavailable":
      return 409;
    case "sms.too-many-parts":
    case "pdu.too-many-parts":
    case "http.payload-too-large":
    case "http.batch-too-large":
      return 413;
    case "http.unsupported-media-type":
      return 415;
    case "sms.queue-full":
    case "http.too-many-failures":
      return 429;
    case "store.closed":
    case "store.full":
    case "store.corrupt":
    case "store.locked":
    case "http.store-unavailable":
    case "ussd.not-ready":
      return 503;
    // The gateway offers no USSD (ussd.enabled false, or no balance code): no use retrying.
    case "ussd.unavailable":
    case "http.webhooks-unavailable":
      return 501;
    default:
      return 500;
  }
}

/** A system error from the file system (ENOSPC, EIO, EROFS, …): the store cannot write. */
function isFsError(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === "string" && /^E[A-Z]+$/.test(code);
}

/** Any error thrown while answering → the answer. Unknown errors say nothing of their inside. */
export function problemOf(err: unknown): Problem {
  if (!isSmsgwError(err)) {
    if (isFsError(err))
      return problemOf(
        new SmsgwError("http.store-unavailable", "the store cannot write now; try again later"),
      );
    return problemOf(new SmsgwError("http.internal", "the request failed unexpectedly"));
  }
  const body: ProblemBody = { status: "error", code: err.code, error: err.message };
  const fields = err.details.fields;
  if (Array.isArray(fields)) body.fields = fields as ProblemBody["fields"];
  else {
    const field = FIELD_OF[err.code];
    if (field !== undefined) body.fields = [{ field, message: err.message }];
  }
  const p: Problem = { httpStatus: statusOf(err.code), body };
  if (err.code === "sms.queue-full") p.retryAfter = QUEUE_FULL_RETRY_SECONDS;
  const retry = err.details.retryAfterSeconds;
  if (typeof retry === "number") p.retryAfter = retry;
  if (p.httpStatus === 503) p.retryAfter ??= 5;
  return p;
}
