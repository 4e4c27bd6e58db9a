import type { FastifyInstance } from "fastify";
import { SmsgwError } from "../../errors.js";
import { handleRequest, MESSAGE_ID, type SendBody, send } from "../../mqtt/handlers/index.js";
import { type SendResponseData, sentMessages } from "../../mqtt/payloads.js";
import type { SmsPort } from "../../mqtt/ports.js";
import { normaliseNumber } from "../../sms/numbers.js";
import type { OutboundMessage } from "../../sms/types.js";
import { contextFor, type HttpDoorDeps, sendProblem } from "../app.js";
import { messageStory } from "../message-story.js";
import { preview } from "../preview.js";
import { parseSendBody } from "../send-aliases.js";
import { cancelDoc, previewDoc, readDoc, sendDoc } from "./messages-doc.js";

const BASE = "/api/v1/messages";

/**
 * The messages a send with a client id would meet, by the ids the SMS service gives them (the
 * id itself, or `<id>:<number>` per recipient of a list). Numbers that do not read are left to
 * the service, which refuses them.
 */
export function existingFor(
  service: SmsPort,
  body: SendBody,
): Map<string, { to: string; m: OutboundMessage }> {
  const out = new Map<string, { to: string; m: OutboundMessage }>();
  if (body.id === undefined) return out;
  const numbers = new Set<string>();
  for (const t of typeof body.to === "string" ? [body.to] : body.to) {
    try {
      numbers.add(normaliseNumber(t).number);
    } catch {
      return out;
    }
  }
  for (const to of numbers) {
    const id = numbers.size > 1 ? `${body.id}:${to}` : body.id;
    const m = service.get(id);
    if (m !== undefined) out.set(id, { to, m });
  }
  return out;
}

/** A retry is the same request: same number, text and priority. Anything else reuses the id. */
export function conflicts(
  body: SendBody,
  existing: Map<string, { to: string; m: OutboundMessage }>,
): boolean {
  for (const { to, m } of existing.values())
    if (m.to !== to || m.text !== body.text || (body.priority ?? "normal") !== m.priority)
      return true;
  return false;
}

const locationOf = (id: string) => `${BASE}/${encodeURIComponent(id)}`;

export function registerMessageRoutes(app: FastifyInstance, deps: HttpDoorDeps): void {
  /**
   * The MQTT send request, answered with bridge/response/send's data once durable: 202 when
   * queued now, 200 when the same id and body were queued before (a retry), 409 when the id
   * is taken by another body.
   */
  app.post(BASE, { config: { scope: "messages:send", doc: sendDoc } }, async (request, reply) => {
    try {
      const body = parseSendBody(request.body);
      const existing = existingFor(deps.service, body);
      if (conflicts(body, existing))
        throw new SmsgwError(
          "http.id-conflict",
          `a message with id "${body.id}" exists with another number, text or priority; use a new id`,
        );
      const data: SendResponseData = await send.handle(body, contextFor(deps, request.token));
      const messages = sentMessages(data);
      const retry = messages.every((m) => existing.has(m.id));
      const first = messages[0];
      if (messages.length === 1 && first !== undefined)
        void reply.header("location", locationOf(first.id));
      return reply.code(retry ? 200 : 202).send(data);
    } catch (err) {
      return sendProblem(reply, err);
    }
  });

  const previewRoute = { config: { scope: "messages:send", doc: previewDoc } } as const;
  app.post(`${BASE}/preview`, previewRoute, async (request, reply) => {
    try {
      return reply.code(200).send(preview(request.body, deps.maxParts));
    } catch (err) {
      return sendProblem(reply, err);
    }
  });

  app.get<{ Params: { id: string } }>(
    `${BASE}/:id`,
    { config: { scope: "messages:read", doc: readDoc } },
    async (request, reply) => {
      try {
        const { id } = request.params;
        const admin = request.token?.scopes.includes("admin") === true;
        const m = MESSAGE_ID.test(id) ? await deps.service.detail(id) : undefined;
        // Another door's messages (alerts, replies, MQTT's) look unknown without admin.
        if (m === undefined || (!admin && m.origin !== "http"))
          return sendProblem(reply, new SmsgwError("sms.not-found", `no message with id "${id}"`));
        return reply.code(200).send(messageStory(m, admin));
      } catch (err) {
        return sendProblem(reply, err);
      }
    },
  );

  app.delete<{ Params: { id: string } }>(
    `${BASE}/:id`,
    { config: { scope: "messages:send", doc: cancelDoc } },
    async (request, reply) => {
      try {
        const data = await handleRequest(
          "queue/cancel",
          { id: request.params.id },
          contextFor(deps, request.token),
        );
        return reply.code(200).send(data);
      } catch (err) {
        return sendProblem(reply, err);
      }
    },
  );
}
