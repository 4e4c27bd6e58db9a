import type { z } from "zod";
import type { RequestContext } from "./context.js";

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
  /**
   * Its answer waits for the network (seconds): a door must not hold other requests meanwhile.
   * MQTT acknowledges the publish at once and publishes the response when it is ready.
   */
  readonly slow?: true;
  handle(request: z.output<Body>, ctx: RequestContext): Promise<Data>;
}

/** Keeps a table entry's body and data types (the table's types are read off its entries). */
export function defineRequest<Body extends BodySchema, Data>(
  r: BridgeRequest<Body, Data>,
): BridgeRequest<Body, Data> {
  return r;
}
