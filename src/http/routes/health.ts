import type { FastifyInstance } from "fastify";
import { type HealthDocument, healthHttpStatus } from "../../health/index.js";
import { healthDoc, healthzDoc } from "./observability-doc.js";

export function registerHealthRoutes(
  app: FastifyInstance,
  health: { current(): Promise<HealthDocument> },
): void {
  /** The whole document (modem, queue, store, …): for monitoring, behind `metrics:read`. */
  app.get(
    "/api/v1/health",
    { config: { scope: "metrics:read", doc: healthDoc } },
    async (_request, reply) => {
      const doc = await health.current();
      return reply.code(healthHttpStatus(doc)).send(doc);
    },
  );
  /**
   * For probes that cannot send a token (Docker, Kubernetes, uptime checkers): no token, and
   * so nothing but the overall status.
   */
  app.get("/healthz", { config: { auth: "public", doc: healthzDoc } }, async (_request, reply) => {
    const doc = await health.current();
    return reply.code(healthHttpStatus(doc)).send({ status: doc.status });
  });
}
