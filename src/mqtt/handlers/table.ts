import type { z } from "zod";
import { SmsgwError } from "../../errors.js";
import { balanceCheck } from "./balance.js";
import { parseBody } from "./body.js";
import type { RequestContext } from "./context.js";
import { health } from "./health.js";
import { queueCancel, queueList } from "./queue.js";
import type { BodySchema, BridgeRequest } from "./request.js";
import { send } from "./send.js";
import { ussd } from "./ussd.js";

/**
 * The request table: every request the gateway answers, by name. MQTT serves each on
 * `<base>/bridge/request/<name>`; any other door calls `handleRequest` with the same body and
 * gets the same data, or the same `SmsgwError` codes.
 */
export const REQUESTS = {
  send,
  health,
  "queue/list": queueList,
  "queue/cancel": queueCancel,
  ussd,
  "balance/check": balanceCheck,
} as const;

export type RequestName = keyof typeof REQUESTS;

export const REQUEST_NAMES = Object.keys(REQUESTS) as RequestName[];

/** The `data` of a successful response, per request (read off each handler). */
export type ResponseData = {
  [N in RequestName]: Awaited<ReturnType<(typeof REQUESTS)[N]["handle"]>>;
};

/** A request's validated body, as its handler gets it. */
export type RequestBody<N extends RequestName> = z.output<(typeof REQUESTS)[N]["body"]>;

export function isRequestName(name: string): name is RequestName {
  return Object.hasOwn(REQUESTS, name);
}

/** The name, if the table has it; else the `mqtt.unknown-request` refusal listing the known ones. */
export function knownRequest(name: string): RequestName {
  if (isRequestName(name)) return name;
  throw new SmsgwError(
    "mqtt.unknown-request",
    `unknown request "${name}"; known: ${REQUEST_NAMES.join(", ")}`,
  );
}

/** The entry of a request, for reading its shape (`noArguments`, `expected`). */
export function requestEntry(name: RequestName): BridgeRequest<BodySchema, unknown> {
  return REQUESTS[name] as unknown as BridgeRequest<BodySchema, unknown>;
}

/**
 * Validates `body` against the request's schema and runs its handler. `doorFields`: fields the
 * door adds to every body (see `parseBody`), validated and then left out.
 */
export async function handleRequest<N extends RequestName>(
  name: N,
  body: unknown,
  ctx: RequestContext,
  doorFields?: z.ZodRawShape,
): Promise<ResponseData[N]> {
  const entry = requestEntry(name);
  return (await entry.handle(parseBody(entry, body, doorFields), ctx)) as ResponseData[N];
}
