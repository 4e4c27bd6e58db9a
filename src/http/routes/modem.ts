import type { FastifyInstance } from "fastify";
import { modemPayload } from "../../mqtt/modem-payload.js";
import type { HttpDoorDeps } from "../app.js";
import { modemSchema } from "../openapi/schemas.js";

const modemDoc = {
  summary: "The modem's state and readings (the `<base>/modem` payload)",
  responses: { 200: { description: "The modem now", schema: modemSchema } },
};

export function registerModemRoutes(app: FastifyInstance, deps: HttpDoorDeps): void {
  /** `<base>/modem`'s payload, read now. */
  app.get(
    "/api/v1/modem",
    { config: { scope: "messages:read", doc: modemDoc } },
    async (_request, reply) =>
      reply.code(200).send(modemPayload(deps.modem, new Date(), deps.clock?.())),
  );
}
