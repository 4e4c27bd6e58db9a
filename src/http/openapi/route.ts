import type { FastifyInstance } from "fastify";
import { version } from "../../version.js";
import { openApiDocument, type RegisteredRoute } from "./document.js";
import { openApiDocumentSchema } from "./schemas.js";

export const OPENAPI_PATH = "/api/v1/openapi.json";

const registered = new WeakMap<FastifyInstance, RegisteredRoute[]>();

/**
 * Records every route as it is registered, with the scope, authentication and `doc` of its
 * config: the OpenAPI document is made from these, so no second list of routes can drift.
 * Called before any route is registered.
 */
export function recordRoutes(app: FastifyInstance): void {
  const routes: RegisteredRoute[] = [];
  registered.set(app, routes);
  app.addHook("onRoute", (opts) => {
    const config = (opts.config ?? {}) as Partial<RegisteredRoute>;
    for (const method of Array.isArray(opts.method) ? opts.method : [opts.method])
      routes.push({
        method,
        url: opts.url,
        ...(config.scope === undefined ? {} : { scope: config.scope }),
        ...(config.auth === undefined ? {} : { auth: config.auth }),
        ...(config.doc === undefined ? {} : { doc: config.doc }),
      });
  });
}

/** The routes of an app as recorded (tests check answers against their documents). */
export function registeredRoutes(app: FastifyInstance): readonly RegisteredRoute[] {
  return registered.get(app) ?? [];
}

/**
 * `GET /api/v1/openapi.json`, without a token: the document describes the API's shape, not
 * its data, and tools (code generators, API viewers) fetch it unauthenticated. Made once, at
 * the first request, when every route is registered.
 */
export function registerOpenApiRoute(app: FastifyInstance): void {
  let document: Record<string, unknown> | undefined;
  app.get(
    OPENAPI_PATH,
    {
      config: {
        auth: "public",
        doc: {
          summary: "This API as an OpenAPI 3.1 document",
          description: "Made from the schemas the routes validate with. No token needed.",
          tag: "openapi",
          responses: { 200: { description: "The document", schema: openApiDocumentSchema } },
        },
      },
    },
    async (_request, reply) => {
      document ??= openApiDocument(registeredRoutes(app), version);
      return reply.code(200).send(document);
    },
  );
}
