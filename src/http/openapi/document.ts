import { z } from "zod";
import type { Scope } from "../tokens.js";
import type { ResponseDoc, RouteDoc } from "./route-doc.js";
import { NAMED, problemSchema } from "./schemas.js";

type Json = Record<string, unknown>;

/** A route as Fastify registered it: what the document is made from. */
export interface RegisteredRoute {
  method: string;
  url: string;
  scope?: Scope;
  /** How the route authenticates when not by bearer token (`kannel`, `public`, or a door's own). */
  auth?: string;
  doc?: RouteDoc;
}

const COMPONENTS = "#/components/schemas/";
const OPTIONS = { unrepresentable: "any", target: "draft-2020-12" } as const;

/** `:id` → `{id}`. */
export const openApiPath = (url: string) => url.replace(/:([A-Za-z0-9_]+)/g, "{$1}");

/**
 * Zod's JSON Schema for one schema: nested named schemas (its `$defs`) become references to
 * `components.schemas`, where they are added.
 */
function jsonSchemaOf(schema: z.ZodType, io: "input" | "output", components: Json): Json {
  const name = NAMED[io].get(schema);
  if (name !== undefined) return { $ref: `${COMPONENTS}${name}` };
  const registry = z.registry<{ id: string }>();
  for (const [s, id] of NAMED[io]) registry.add(s, { id });
  const out = z.toJSONSchema(schema, { ...OPTIONS, io, metadata: registry }) as Json;
  const defs = (out.$defs ?? {}) as Json;
  for (const [id, def] of Object.entries(defs)) components[id] ??= rewriteRefs(strip(def as Json));
  delete out.$defs;
  return rewriteRefs(strip(out));
}

function strip(s: Json): Json {
  const { $schema: _schema, $id: _id, id: _name, ...rest } = s;
  return rest;
}

/** `#/$defs/X` → `#/components/schemas/X`, everywhere in a schema. */
function rewriteRefs<T>(v: T): T {
  if (Array.isArray(v)) return v.map(rewriteRefs) as T;
  if (typeof v !== "object" || v === null) return v;
  const out: Json = {};
  for (const [k, x] of Object.entries(v as Json))
    out[k] =
      k === "$ref" && typeof x === "string" && x.startsWith("#/$defs/")
        ? `${COMPONENTS}${x.slice("#/$defs/".length)}`
        : rewriteRefs(x);
  return out as T;
}

/** Every named schema of one direction, as `components.schemas` entries. */
function namedComponents(io: "input" | "output"): Json {
  const registry = z.registry<{ id: string }>();
  for (const [s, id] of NAMED[io]) registry.add(s, { id });
  const { schemas } = z.toJSONSchema(registry, {
    ...OPTIONS,
    io,
    uri: (id) => `${COMPONENTS}${id}`,
  }) as { schemas: Record<string, Json> };
  return Object.fromEntries(Object.entries(schemas).map(([id, s]) => [id, strip(s)]));
}

/** Each property of an object schema as one OpenAPI parameter. */
function parametersOf(where: "path" | "query", schema: z.ZodObject, components: Json): Json[] {
  const js = jsonSchemaOf(schema, "input", components);
  const required = new Set((js.required as string[] | undefined) ?? []);
  return Object.entries((js.properties ?? {}) as Record<string, Json>).map(([name, s]) => {
    const { description, ...rest } = s;
    return {
      name,
      in: where,
      required: where === "path" || required.has(name),
      ...(typeof description === "string" ? { description } : {}),
      schema: rest,
    };
  });
}

const problem = (description: string): ResponseDoc => ({ description, schema: problemSchema });

/** The refusals every route of its kind can give, besides its own. */
function commonResponses(route: RegisteredRoute): Record<number, ResponseDoc> {
  const out: Record<number, ResponseDoc> = {};
  if (route.auth === undefined) {
    out[401] = {
      ...problem("No valid API token (`http.unauthorized`)"),
      headers: { "WWW-Authenticate": 'Bearer realm="smsgw"' },
    };
    out[403] = problem(
      `The token lacks the scope ${route.scope ?? "of the route"} (\`http.forbidden\`)`,
    );
    out[429] = {
      ...problem("Too many failed authentications from this address (`http.too-many-failures`)"),
      headers: { "Retry-After": "Seconds to wait" },
    };
  }
  if (route.url.includes(":"))
    out[400] = problem(
      "The path cannot be read: a malformed percent-encoding or a segment over 600 characters (`http.bad-url`)",
    );
  if (route.doc?.body !== undefined && route.auth !== "kannel") {
    out[400] = problem(
      "The body is not JSON (`http.invalid-json`), or a field is wrong, missing or unknown (`mqtt.invalid-request`, `fields` names each)",
    );
    out[413] = problem("The body is over `http.maxBodyBytes` (`http.payload-too-large`)");
    out[415] = problem("The body is not `application/json` (`http.unsupported-media-type`)");
  }
  return out;
}

function responseObject(r: ResponseDoc, components: Json): Json {
  const out: Json = { description: r.description };
  if (r.schema !== undefined)
    out.content = {
      [r.mediaType ?? "application/json"]: { schema: jsonSchemaOf(r.schema, "output", components) },
    };
  if (r.headers !== undefined)
    out.headers = Object.fromEntries(
      Object.entries(r.headers).map(([name, description]) => [
        name,
        { description, schema: { type: "string" } },
      ]),
    );
  return out;
}

function securityOf(route: RegisteredRoute): Json[] {
  if (route.auth === undefined) return [{ bearer: route.scope === undefined ? [] : [route.scope] }];
  if (route.auth === "kannel") return [{ kannelUsername: [], kannelPassword: [] }];
  if (route.auth === "smsgate") return [{ smsgateBasic: [] }];
  // Public, or a door that checks its own credentials: its description says how.
  return [];
}

function tagOf(route: RegisteredRoute): string {
  if (route.doc?.tag !== undefined) return route.doc.tag;
  const m = /^\/api\/v1\/([^/]+)/.exec(route.url);
  return m?.[1] ?? (route.url.split("/")[1] || "root");
}

function operationOf(route: RegisteredRoute, components: Json): Json {
  const doc = route.doc;
  const op: Json = {
    operationId: `${route.method.toLowerCase()}${openApiPath(route.url)
      .split(/[^A-Za-z0-9]+/)
      .map((w) => (w === "" ? "" : `${w[0]?.toUpperCase()}${w.slice(1)}`))
      .join("")}`,
    summary: doc?.summary ?? "(not described)",
    tags: [tagOf(route)],
    security: securityOf(route),
  };
  if (route.scope !== undefined)
    op.description = `${doc?.description === undefined ? "" : `${doc.description}\n\n`}Needs a token with the scope \`${route.scope}\` (or \`admin\`).`;
  else if (doc?.description !== undefined) op.description = doc.description;
  const parameters = [
    ...(doc?.params === undefined ? [] : parametersOf("path", doc.params, components)),
    ...(doc?.query === undefined ? [] : parametersOf("query", doc.query, components)),
  ];
  // A path parameter the doc did not describe is still a parameter of the path.
  for (const [, name] of route.url.matchAll(/:([A-Za-z0-9_]+)/g))
    if (!parameters.some((p) => p.in === "path" && p.name === name))
      parameters.push({ name, in: "path", required: true, schema: { type: "string" } });
  if (parameters.length > 0) op.parameters = parameters;
  // A route of several methods shares its doc: a GET carries its values in the query.
  if (doc?.body !== undefined && route.method !== "GET" && route.method !== "HEAD") {
    const schema = jsonSchemaOf(doc.body, "input", components);
    op.requestBody = {
      required: true,
      content: Object.fromEntries(
        (doc.bodyMediaTypes ?? ["application/json"]).map((t) => [t, { schema }]),
      ),
    };
  }
  const responses = { ...commonResponses(route), ...(doc?.responses ?? {}) };
  op.responses =
    Object.keys(responses).length === 0
      ? { default: { description: "Not described" } }
      : Object.fromEntries(
          Object.entries(responses)
            .sort(([a], [b]) => Number(a) - Number(b))
            .map(([status, r]) => [status, responseObject(r, components)]),
        );
  return op;
}

/**
 * The OpenAPI 3.1 document of the routes as registered: every route appears, described by the
 * `doc` it was registered with (a route without one appears as "not described").
 */
export function openApiDocument(routes: readonly RegisteredRoute[], version: string): Json {
  const components: Json = { ...namedComponents("output"), ...namedComponents("input") };
  const paths: Record<string, Json> = {};
  const seen = new Set<string>();
  for (const route of routes) {
    const path = openApiPath(route.url);
    const method = route.method.toLowerCase();
    // Fastify adds a HEAD for each GET by itself: the GET describes it.
    if (method === "head" && routes.some((r) => r.url === route.url && r.method === "GET"))
      continue;
    if (seen.has(`${method} ${path}`)) continue;
    seen.add(`${method} ${path}`);
    paths[path] ??= {};
    (paths[path] as Json)[method] = operationOf(route, components);
  }
  return {
    openapi: "3.1.0",
    info: {
      title: "smsgw HTTP API",
      version,
      description:
        "The SMS gateway's HTTP API: its own routes under /api/v1 and Kannel's /cgi-bin/sendsms (when users are configured). Errors are Problem bodies, except Kannel's plain-text replies.",
    },
    paths,
    components: {
      schemas: components,
      securitySchemes: {
        bearer: {
          type: "http",
          scheme: "bearer",
          description:
            "An API token: `smsgw token create --name <name> --scope <scope>`. The scopes of an operation's security requirement are the token scopes it needs (`admin` has all).",
        },
        smsgateBasic: {
          type: "http",
          scheme: "basic",
          description: "The SMSGate-compatible routes: `http.smsgate`'s username and password",
        },
        kannelUsername: {
          type: "apiKey",
          in: "query",
          name: "username",
          description:
            "Kannel's `username` (or `user`) from `http.kannel.users`; also a form field or `X-Kannel-Username`",
        },
        kannelPassword: {
          type: "apiKey",
          in: "query",
          name: "password",
          description: "Kannel's `password` (or `pass`); redacted from logs",
        },
      },
    },
  };
}
