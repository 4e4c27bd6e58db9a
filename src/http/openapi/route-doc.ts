import type { z } from "zod";

/** One answer of a route: what it means, its body's schema and media type, its headers. */
export interface ResponseDoc {
  description: string;
  /** The body; absent: no body worth describing. */
  schema?: z.ZodType;
  /** Default `application/json`. */
  mediaType?: string;
  /** Header name → what it holds. */
  headers?: Record<string, string>;
}

/**
 * What a route tells the OpenAPI document, given where it is registered
 * (`config: { doc }`), so a route added later is described where it is written. The schemas
 * are the zod schemas the route validates with, converted when the document is made.
 */
export interface RouteDoc {
  summary: string;
  description?: string;
  /** Groups routes in a viewer; default: the path's first word after `/api/v1`. */
  tag?: string;
  /** Path parameters (`:id` → `{id}`). */
  params?: z.ZodObject;
  /** Query parameters, each a property. */
  query?: z.ZodObject;
  /** The request body: its schema, by media type (default `application/json`). */
  body?: z.ZodType;
  bodyMediaTypes?: readonly string[];
  /** By HTTP status. Authentication and body-parsing refusals are added for every route. */
  responses: Record<number, ResponseDoc>;
}
