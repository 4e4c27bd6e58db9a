import type { FastifyReply } from "fastify";
import { createLogger } from "../../log.js";
import { problemOf } from "../problem.js";

const log = createLogger("http:smsgate");

/**
 * An error in SMSGate's shape (`{message, data}`): its clients show `message`. `data` carries
 * our error code and, for a 400, each bad field, the same codes as on MQTT and /api/v1.
 */
export function sendSmsgateError(reply: FastifyReply, err: unknown): FastifyReply {
  const p = problemOf(err);
  if (p.httpStatus >= 500 && p.body.code !== "http.store-unavailable")
    log.error({ err: err instanceof Error ? err.message : String(err) }, "request failed");
  if (p.retryAfter !== undefined) void reply.header("retry-after", String(p.retryAfter));
  return reply.code(p.httpStatus).send({
    message: p.body.error,
    data: { code: p.body.code, ...(p.body.fields === undefined ? {} : { fields: p.body.fields }) },
  });
}
