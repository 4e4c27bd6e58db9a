import type { FastifyInstance } from "fastify";
import { SmsgwError } from "../../errors.js";
import { invalidRequest } from "../../mqtt/handlers/body.js";
import { type HttpDoorDeps, sendProblem } from "../app.js";
import { tokenCreateBody } from "./token-body.js";
import { tokenCreateDoc, tokenListDoc, tokenRevokeDoc } from "./tokens-doc.js";

const BASE = "/api/v1/tokens";

/**
 * Token admin over the API, for `admin` tokens only: the same store (and the same checks) as
 * `smsgw token`, so a token made here is listed by the CLI and one revoked here is refused at
 * once by every door.
 */
export function registerTokenRoutes(app: FastifyInstance, deps: HttpDoorDeps): void {
  /** The tokens without their secrets (only hashes are kept, so there is nothing else). */
  app.get(BASE, { config: { scope: "admin", doc: tokenListDoc } }, async (_request, reply) => {
    try {
      return reply.code(200).send({ tokens: await deps.tokens.list() });
    } catch (err) {
      return sendProblem(reply, err);
    }
  });

  /** Makes a token: the secret is in this 201 body and nowhere else, ever. */
  app.post(BASE, { config: { scope: "admin", doc: tokenCreateDoc } }, async (request, reply) => {
    try {
      const body = request.body;
      if (body === null || typeof body !== "object" || Array.isArray(body))
        throw new SmsgwError(
          "mqtt.invalid-request",
          'expected a JSON object like {"name": "shop", "scopes": ["messages:send"]}',
        );
      const parsed = tokenCreateBody.safeParse(body);
      if (!parsed.success) throw invalidRequest(parsed.error.issues);
      const { token, info } = await deps.tokens.create(parsed.data.name, parsed.data.scopes);
      return reply
        .code(201)
        .header("location", `${BASE}/${info.id}`)
        .header("cache-control", "no-store")
        .send({ ...info, token });
    } catch (err) {
      return sendProblem(reply, err);
    }
  });

  /** Revokes by id (the 12 hex digits of `smsgw_<id>_…`): refused from the next request on. */
  app.delete<{ Params: { id: string } }>(
    `${BASE}/:id`,
    { config: { scope: "admin", doc: tokenRevokeDoc } },
    async (request, reply) => {
      try {
        const { id } = request.params;
        const known = (await deps.tokens.list()).some((t) => t.id === id);
        if (!known || !(await deps.tokens.revoke(id)))
          throw new SmsgwError("http.token-not-found", `no token with id "${id}"`);
        return reply.code(200).send({ id, revoked: true });
      } catch (err) {
        return sendProblem(reply, err);
      }
    },
  );
}
