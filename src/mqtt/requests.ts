import { isUtf8 } from "node:buffer";
import { z } from "zod";
import { SmsgwError } from "../errors.js";
import type { SendRequest } from "../sms/types.js";

/**
 * Parsing and validation of what clients publish. Everything here throws SmsgwError with a
 * code (`mqtt.payload-too-large`, `mqtt.invalid-json`, `mqtt.invalid-request`, …) and a
 * message a user can act on; nothing else is thrown. Phone numbers, empty text and part
 * limits are the SMS service's checks (`sms.*`), made when the request is queued.
 */

export type Transaction = string | number;

/** Size first (a 1 MB payload is refused unread), then UTF-8, then JSON. */
export function parseJsonPayload(payload: Buffer, maxBytes: number): unknown {
  const text = payloadText(payload, maxBytes);
  if (text.trim() === "")
    throw new SmsgwError("mqtt.invalid-json", "the payload is empty: expected a JSON object");
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    throw new SmsgwError(
      "mqtt.invalid-json",
      `the payload is not JSON (${(err as Error).message})`,
    );
  }
}

export function payloadText(payload: Buffer, maxBytes: number): string {
  if (payload.length > maxBytes)
    throw new SmsgwError(
      "mqtt.payload-too-large",
      `the payload has ${payload.length} bytes; at most ${maxBytes} are accepted`,
      { details: { bytes: payload.length, maxBytes } },
    );
  if (!isUtf8(payload))
    throw new SmsgwError("mqtt.invalid-payload", "the payload is not UTF-8 text");
  return payload.toString("utf8");
}

/** The client's `transaction` (echoed in the response), when the payload has a usable one. */
export function transactionOf(value: unknown): Transaction | undefined {
  if (value === null || typeof value !== "object" || Array.isArray(value)) return undefined;
  const t = (value as { transaction?: unknown }).transaction;
  if (typeof t === "string" && t.length <= 200) return t;
  if (typeof t === "number" && Number.isFinite(t)) return t;
  return undefined;
}

/**
 * A message id: printable ASCII (spaces included), 1 to 200 characters. It becomes a topic
 * level (`<base>/status/<id>`), and a control character there makes brokers drop the connection.
 */
export const MESSAGE_ID = /^[\x20-\x7E]{1,200}$/;
const ID_RULE = "at most 200 printable ASCII characters (no control characters or non-ASCII)";

const messageId = () =>
  z
    .string({ error: "expected the message id (a string)" })
    .min(1, "must not be empty")
    .max(200, "at most 200 characters")
    .regex(MESSAGE_ID, ID_RULE);

const transaction = z
  .union([z.string().max(200), z.number()], {
    error: "`transaction` must be a string or a number",
  })
  .optional();

const sendSchema = z.strictObject({
  to: z.union([z.string(), z.array(z.string()).min(1, "the list of numbers is empty")], {
    error: "expected a phone number (a string) or a list of them",
  }),
  text: z.string({ error: "expected the message text (a string)" }),
  id: messageId().optional(),
  priority: z.enum(["high", "normal", "low"], { error: "must be high, normal or low" }).optional(),
  flash: z.boolean({ error: "must be true or false" }).optional(),
  /** Seconds; `validitySeconds` is accepted as the service's own name for it. */
  validity: z
    .number({ error: "must be a number of seconds" })
    .positive("must be more than 0")
    .optional(),
  validitySeconds: z
    .number({ error: "must be a number of seconds" })
    .positive("must be more than 0")
    .optional(),
  deliveryReport: z.boolean({ error: "must be true or false" }).optional(),
  notBefore: z.iso
    .datetime({ offset: true, error: "must be an ISO 8601 time, e.g. 2025-06-01T08:00:00Z" })
    .optional(),
  encoding: z.enum(["auto", "gsm7", "ucs2"], { error: "must be auto, gsm7 or ucs2" }).optional(),
  transaction,
});

export type SendPayload = z.input<typeof sendSchema>;

const cancelSchema = z.strictObject({
  id: messageId(),
  transaction,
});

const emptySchema = z.strictObject({ transaction });

function invalid(issues: readonly z.core.$ZodIssue[]): SmsgwError {
  const parts = issues.map((i) => {
    if (i.code === "unrecognized_keys")
      return `unknown field${i.keys.length > 1 ? "s" : ""} ${i.keys.map((k) => `\`${k}\``).join(", ")}`;
    const path = i.path.length > 0 ? `\`${i.path.map(String).join(".")}\`: ` : "";
    return `${path}${i.message}`;
  });
  return new SmsgwError("mqtt.invalid-request", parts.join("; "), { details: { issues: parts } });
}

function requireObject(value: unknown, what: string): void {
  if (value === null || typeof value !== "object" || Array.isArray(value))
    throw new SmsgwError("mqtt.invalid-request", `expected a JSON object ${what}`);
}

/** `<base>/send` and `<base>/bridge/request/send` → the service's SendRequest. */
export function parseSendRequest(value: unknown): SendRequest {
  requireObject(value, 'like {"to": "+491701234567", "text": "hello"}');
  const r = sendSchema.safeParse(value);
  if (!r.success) throw invalid(r.error.issues);
  const p = r.data;
  if (p.validity !== undefined && p.validitySeconds !== undefined)
    throw new SmsgwError("mqtt.invalid-request", "give `validity` or `validitySeconds`, not both");
  const req: SendRequest = { to: p.to, text: p.text };
  if (p.id !== undefined) req.id = p.id;
  if (p.priority !== undefined) req.priority = p.priority;
  if (p.flash !== undefined) req.flash = p.flash;
  const validity = p.validity ?? p.validitySeconds;
  if (validity !== undefined) req.validitySeconds = validity;
  if (p.deliveryReport !== undefined) req.deliveryReport = p.deliveryReport;
  if (p.notBefore !== undefined) req.notBefore = p.notBefore;
  if (p.encoding !== undefined) req.encoding = p.encoding;
  return req;
}

/** `<base>/send/<number>`: the payload is the text itself (a trailing newline is dropped). */
export function parseTextSend(number: string, payload: Buffer, maxBytes: number): SendRequest {
  const text = payloadText(payload, maxBytes).replace(/\r?\n$/, "");
  return { to: number, text };
}

export function parseCancelRequest(value: unknown): { id: string } {
  requireObject(value, 'like {"id": "<message id>"}');
  const r = cancelSchema.safeParse(value);
  if (!r.success) throw invalid(r.error.issues);
  return { id: r.data.id };
}

/** Requests without arguments (health, queue/list): an empty payload or `{transaction}`. */
export function parseEmptyRequest(payload: Buffer, maxBytes: number): unknown {
  if (payload.length === 0) return {};
  const value = parseJsonPayload(payload, maxBytes);
  if (value === "" || value === null) return {};
  requireObject(value, "(or an empty payload)");
  const r = emptySchema.safeParse(value);
  if (!r.success) throw invalid(r.error.issues);
  return value;
}

export type SendSource = { kind: "json" } | { kind: "text"; number: string };

/**
 * A send request from a publish: JSON (`send`, `bridge/request/send`, `fleet/send`) or the plain
 * text of `send/<number>`. Retained requests are refused: the broker would hand them out again
 * at every (re)subscription. `out.transaction` is set as soon as it is known, so a refusal can
 * still carry it.
 */
export function readSendRequest(
  source: SendSource,
  payload: Buffer,
  retained: boolean,
  maxBytes: number,
  out: { transaction?: Transaction },
): SendRequest {
  if (retained)
    throw new SmsgwError(
      "mqtt.retained-request",
      "retained send requests are ignored (they would be sent again at every restart); publish without retain and clear the retained message",
    );
  if (source.kind === "text") return parseTextSend(source.number, payload, maxBytes);
  const value = parseJsonPayload(payload, maxBytes);
  out.transaction = transactionOf(value);
  return parseSendRequest(value);
}
