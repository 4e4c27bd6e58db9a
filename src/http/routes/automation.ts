import type { FastifyInstance } from "fastify";
import { z } from "zod";
import type { HttpDoorDeps } from "../app.js";
import type { RouteDoc } from "../openapi/route-doc.js";

const automationDoc: RouteDoc = {
  summary: "The automation as configured (read-only, secrets masked)",
  description:
    "`automation` is the `automation` section of smsgw.yaml with every secret (PINs, one-time-code seeds) replaced by `***`; `contacts` the Home Assistant contacts (name and number). Admin only: it lists people's numbers.",
  tag: "automation",
  responses: {
    200: {
      description: "The configuration",
      schema: z.object({
        automation: z.record(z.string(), z.unknown()),
        contacts: z.array(z.object({ name: z.string(), number: z.string() })),
      }),
    },
  },
};

/** GET /api/v1/automation: what the automation does and for whom, as configured. */
export function registerAutomationRoutes(app: FastifyInstance, deps: HttpDoorDeps): void {
  const view = deps.automation;
  if (view === undefined) return;
  app.get(
    "/api/v1/automation",
    { config: { scope: "admin", doc: automationDoc } },
    async (_request, reply) => reply.code(200).header("cache-control", "no-store").send(view),
  );
}
