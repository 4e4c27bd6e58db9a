import type { FastifyInstance } from "fastify";
import { handleRequest } from "../../mqtt/handlers/index.js";
import { contextFor, type HttpDoorDeps, sendProblem } from "../app.js";
import { balanceCheckDoc, ussdDoc } from "./ussd-doc.js";

/** The HTTP status of a USSD answer: the network's verdict in the body, a gateway's in the code. */
function statusOfAnswer(status: string): number {
  if (status === "timeout") return 504;
  if (status === "error") return 502;
  return 200;
}

/**
 * USSD and the balance check: MQTT's `ussd` and `balance/check` requests, answered when the
 * network has. Scope `ussd`: a code can move money (top-ups, transfers), so sending SMS does
 * not imply it.
 */
export function registerUssdRoutes(app: FastifyInstance, deps: HttpDoorDeps): void {
  app.post("/api/v1/ussd", { config: { scope: "ussd", doc: ussdDoc } }, async (request, reply) => {
    try {
      const data = await handleRequest("ussd", request.body, contextFor(deps, request.token));
      return reply.code(statusOfAnswer(data.status)).send(data);
    } catch (err) {
      return sendProblem(reply, err);
    }
  });

  app.post(
    "/api/v1/balance/check",
    { config: { scope: "ussd", doc: balanceCheckDoc } },
    async (request, reply) => {
      try {
        const data = await handleRequest(
          "balance/check",
          request.body,
          contextFor(deps, request.token),
        );
        return reply.code(200).send(data);
      } catch (err) {
        return sendProblem(reply, err);
      }
    },
  );
}
