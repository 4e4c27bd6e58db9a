import type { FastifyInstance } from "fastify";
import { SmsgwError } from "../../errors.js";
import { normaliseNumber } from "../../sms/numbers.js";
import { type HttpDoorDeps, sendProblem } from "../app.js";
import { optOutAddDoc, optOutListDoc, optOutRemoveDoc } from "./opt-outs-doc.js";

const BASE = "/api/v1/opt-outs";

/** A number from the path, normalised as the SMS service does; a bad one names the field. */
function numberOf(raw: string): string {
  try {
    return normaliseNumber(raw).number;
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    throw new SmsgwError("sms.invalid-number", message, {
      details: { fields: [{ field: "number", message }] },
    });
  }
}

/**
 * The opt-out list: read with messages:read, changed with optouts:write (or admin). The list
 * is the SMS service's (the same one a STOP by SMS changes), durable before the answer.
 */
export function registerOptOutRoutes(app: FastifyInstance, deps: HttpDoorDeps): void {
  app.get(
    BASE,
    { config: { scope: "messages:read", doc: optOutListDoc } },
    async (_request, reply) =>
      reply
        .code(200)
        .send({ enabled: deps.service.optOutEnabled, optOuts: deps.service.optOuts() }),
  );

  /** Puts the number on the list: 201 when new, 200 when it was already there. */
  app.put<{ Params: { number: string } }>(
    `${BASE}/:number`,
    { config: { scope: "optouts:write", doc: optOutAddDoc } },
    async (request, reply) => {
      try {
        const number = numberOf(request.params.number);
        const { entry, added } = await deps.service.addOptOut(number);
        return reply.code(added ? 201 : 200).send(entry);
      } catch (err) {
        return sendProblem(reply, err);
      }
    },
  );

  /** Takes the number off the list: messages to it go out again. */
  app.delete<{ Params: { number: string } }>(
    `${BASE}/:number`,
    { config: { scope: "optouts:write", doc: optOutRemoveDoc } },
    async (request, reply) => {
      try {
        const number = numberOf(request.params.number);
        if (!(await deps.service.removeOptOut(number)))
          throw new SmsgwError("http.opt-out-not-found", `${number} is not on the opt-out list`);
        return reply.code(200).send({ number, removed: true });
      } catch (err) {
        return sendProblem(reply, err);
      }
    },
  );
}
