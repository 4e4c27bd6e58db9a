import { z } from "zod";
import { SmsgwError } from "../../errors.js";
import type { SendOrigin } from "../../sms/types.js";
import type { SmsPort } from "../ports.js";

/**
 * What a request handler is given: the gateway's parts and the door's identity, nothing of
 * the door itself. MQTT builds one per message; another door (HTTP, SMPP) builds its own and
 * calls the same handlers with the same bodies, getting the same data and the same error codes.
 */
export interface RequestContext {
  readonly service: SmsPort;
  readonly modem: { readonly state: string };
  /** When this gateway process started (for the uptime). */
  readonly startedAt: Date;
  /** The door the request came through: messages it queues carry it, and it scopes the queue. */
  readonly origin: SendOrigin;
  /**
   * Whether the caller may list every live message with its text and cancel any of them.
   * A door without per-client identity (MQTT) sees only its own origin's messages otherwise.
   */
  readonly admin: boolean;
  /** Whether a delivery report is asked for when the request does not say (`sms.deliveryReports`). */
  readonly deliveryReports: boolean;
  /** The broker connection's state, as health reports it. */
  readonly mqtt: () => "connected" | "disconnected";
}

/** A strict JSON object schema: unknown fields are refused, a typo would otherwise be ignored. */
export type BodySchema = z.ZodObject<z.ZodRawShape, z.core.$strict>;

/**
 * One entry of the request table: the body it takes, what it does with it, and (by the
 * handler's return type) the data of its successful response. Handlers throw `SmsgwError`s;
 * the door turns them into its error responses.
 */
export interface BridgeRequest<Body extends BodySchema, Data> {
  /** What the request does, in one sentence. */
  readonly summary: string;
  /** The request's fields. */
  readonly body: Body;
  /** How a body looks, for the refusal of one that is not a JSON object. */
  readonly expected: string;
  /** Takes no arguments: a missing or empty body stands for `{}`. */
  readonly noArguments?: true;
  handle(request: z.output<Body>, ctx: RequestContext): Promise<Data>;
}

/** Keeps a table entry's body and data types (the table's types are read off its entries). */
export function defineRequest<Body extends BodySchema, Data>(
  r: BridgeRequest<Body, Data>,
): BridgeRequest<Body, Data> {
  return r;
}

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
  const parts = issues.map((i) => {
    if (i.code === "unrecognized_keys")
      return `unknown field${i.keys.length > 1 ? "s" : ""} ${i.keys.map((k) => `\`${k}\``).join(", ")}`;
    const path = i.path.length > 0 ? `\`${i.path.map(String).join(".")}\`: ` : "";
    return `${path}${i.message}`;
  });
  return new SmsgwError("mqtt.invalid-request", parts.join("; "), { details: { issues: parts } });
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
