import type { FastifyInstance } from "fastify";
import { invalidRequest } from "../../mqtt/handlers/body.js";
import { type HttpDoorDeps, sendProblem } from "../app.js";
import { commandAuditDoc, commandAuditQuery } from "./command-audit-doc.js";

/** GET /api/v1/automation/audit: who tried which remote command, and how it ended. */
export function registerCommandAuditRoute(app: FastifyInstance, deps: HttpDoorDeps): void {
  app.get(
    "/api/v1/automation/audit",
    { config: { scope: "admin", doc: commandAuditDoc } },
    async (request, reply) => {
      try {
        const q = commandAuditQuery.safeParse(request.query);
        if (!q.success) throw invalidRequest(q.error.issues);
        const { limit, outcome } = q.data;
        const attempts =
          deps.commandLog?.list({ limit, ...(outcome === undefined ? {} : { outcome }) }) ?? [];
        return reply.code(200).header("cache-control", "no-store").send({ attempts });
      } catch (err) {
        return sendProblem(reply, err);
      }
    },
  );
}
