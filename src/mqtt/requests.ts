import { isUtf8 } from "node:buffer";
import { z } from "zod";
import { SmsgwError } from "../errors.js";
import { type RequestName, requestEntry, type SendBody, type sendBody } from "./handlers/index.js";

/**
 * Reading what clients publish: the MQTT side of a request (payload size, UTF-8, JSON, the
 * plain text of `send/<number>`, retained refusal, `transaction`). The request's own fields
 * are validated by its entry of the request table (`handlers/`). Everything here throws
 * SmsgwError with a code (`mqtt.payload-too-large`, `mqtt.invalid-json`, …) and a message a
 * user can act on; nothing else is thrown.
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
 * What MQTT adds to every request body: `transaction`, echoed in the response so a client can
 * pair it with its request (MQTT itself has no request/response pairing).
 */
export const MQTT_FIELDS = {
  transaction: z
    .union([z.string().max(200), z.number()], {
      error: "`transaction` must be a string or a number",
    })
    .optional(),
};

/** A JSON send request as published (`<base>/send`, `bridge/request/send`, `fleet/send`). */
export type SendPayload = z.input<typeof sendBody> & { transaction?: Transaction };

/** `<base>/send/<number>`: the payload is the text itself (a trailing newline is dropped). */
export function parseTextSend(number: string, payload: Buffer, maxBytes: number): SendBody {
  const text = payloadText(payload, maxBytes).replace(/\r?\n$/, "");
  return { to: number, text };
}

/** JSON (`send`, `bridge/request/<name>`, `fleet/send`) or the plain text of `send/<number>`. */
export type RequestSource = { kind: "json" } | { kind: "text"; number: string };

/**
 * Refused when retained: the broker would hand them out again at every (re)subscription, and a
 * send would go out again at every restart.
 */
const REFUSE_RETAINED: ReadonlySet<RequestName> = new Set(["send", "ussd", "balance/check"]);

/**
 * The body of one request publish, for the request table to validate. `out.transaction` is set
 * as soon as it is known, so a refusal can still carry it.
 */
export function readRequestBody(
  name: RequestName,
  source: RequestSource,
  payload: Buffer,
  retained: boolean,
  maxBytes: number,
  out: { transaction?: Transaction },
): unknown {
  if (retained && REFUSE_RETAINED.has(name))
    throw new SmsgwError(
      "mqtt.retained-request",
      `retained ${name} requests are ignored (they would run again at every restart); publish without retain and clear the retained message`,
    );
  if (source.kind === "text") return parseTextSend(source.number, payload, maxBytes);
  // Requests without arguments take an empty payload.
  if (payload.length === 0 && requestEntry(name).noArguments === true) return undefined;
  const value = parseJsonPayload(payload, maxBytes);
  out.transaction = transactionOf(value);
  return value;
}
