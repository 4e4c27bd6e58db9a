import type { FastifyInstance } from "fastify";
import type { HttpMetrics } from "../app.js";

import { metricsDoc } from "./observability-doc.js";

export function registerMetricsRoute(app: FastifyInstance, metrics: HttpMetrics): void {
  /** The Prometheus exposition; a token with `metrics:read` (or `admin`), as every route here. */
  app.get(
    "/metrics",
    { config: { scope: "metrics:read", doc: metricsDoc } },
    async (_request, reply) => {
      const { contentType, body } = await metrics.render();
      return reply.code(200).header("content-type", contentType).send(body);
    },
  );
}
