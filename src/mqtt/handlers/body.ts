import { z } from "zod";
import { SmsgwError } from "../../errors.js";
import type { BodySchema, BridgeRequest } from "./request.js";

/**
 * A message id: printable ASCII (spaces included), 1 to 200 characters. It becomes a topic
 * level (`<base>/status/<id>`), and a control character there makes brokers drop the connection.
 */
export const MESSAGE_ID = /^[\x20-\x7E]{1,200}$/;
const ID_RULE = "at most 200 printable ASCII characters (no control characters or non-ASCII)";

export const messageId = () =>
  z
    .string({ error: "expected the message id (a string)" })
    .min(1, "must not be empty")
    .max(200, "at most 200 characters")
    .regex(MESSAGE_ID, ID_RULE);

/** One `mqtt.invalid-request` naming every bad field. */
export function invalidRequest(issues: readonly z.core.$ZodIssue[]): SmsgwError {
  // An unknown key inside a nested object is named with its path (`recipients.0.colour`).
  const keyPath = (i: z.core.$ZodIssue, k: string) => [...i.path.map(String), k].join(".");
  const parts = issues.map((i) => {
    if (i.code === "unrecognized_keys")
      return `unknown field${i.keys.length > 1 ? "s" : ""} ${i.keys.map((k) => `\`${keyPath(i, k)}\``).join(", ")}`;
    const path = i.path.length > 0 ? `\`${i.path.map(String).join(".")}\`: ` : "";
    return `${path}${i.message}`;
  });
  // `fields`: each problem with the field it is about ("" for the body as a whole), for doors
  // that answer with a list (HTTP).
  const fields = issues.flatMap((i) =>
    i.code === "unrecognized_keys"
      ? i.keys.map((k) => ({ field: keyPath(i, k), message: "unknown field" }))
      : [{ field: i.path.map(String).join("."), message: i.message }],
  );
  return new SmsgwError("mqtt.invalid-request", parts.join("; "), {
    details: { issues: parts, fields },
  });
}

const extended = new WeakMap<z.ZodRawShape, WeakMap<BodySchema, BodySchema>>();

/** The body schema with a door's fields added, made once per door and request. */
function withDoorFields(body: BodySchema, doorFields: z.ZodRawShape): BodySchema {
  if (Object.keys(doorFields).length === 0) return body;
  const byBody = extended.get(doorFields) ?? new WeakMap<BodySchema, BodySchema>();
  extended.set(doorFields, byBody);
  const schema = byBody.get(body) ?? body.extend(doorFields);
  byBody.set(body, schema);
  return schema;
}

/**
 * Validates a request body. `doorFields` are fields a door adds to every body (MQTT's
 * `transaction`): checked with the body, so one refusal names every bad field, and left out of
 * what the handler gets.
 */
export function parseBody<Body extends BodySchema, Data>(
  request: BridgeRequest<Body, Data>,
  body: unknown,
  doorFields: z.ZodRawShape = {},
): z.output<Body> {
  const value =
    request.noArguments === true && (body === undefined || body === null || body === "")
      ? {}
      : body;
  if (value === null || typeof value !== "object" || Array.isArray(value))
    throw new SmsgwError("mqtt.invalid-request", `expected a JSON object ${request.expected}`);
  const r = withDoorFields(request.body, doorFields).safeParse(value);
  if (!r.success) throw invalidRequest(r.error.issues);
  const out: Record<string, unknown> = { ...r.data };
  for (const field of Object.keys(doorFields)) delete out[field];
  return out as z.output<Body>;
}
