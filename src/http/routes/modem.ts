import type { FastifyInstance } from "fastify";
import { modemPayload } from "../../mqtt/modem-payload.js";
import type { HttpDoorDeps } from "../app.js";

export function registerModemRoutes(app: FastifyInstance, deps: HttpDoorDeps): void {
  /** `<base>/modem`'s payload, read now. */
  app.get("/api/v1/modem", { config: { scope: "messages:read" } }, async (_request, reply) =>
    reply.code(200).send(modemPayload(deps.modem, new Date(), deps.clock?.())),
  );
}
