import type { FastifyInstance, FastifyReply } from "fastify";
import type { z } from "zod";
import { SmsgwError } from "../../errors.js";
import { invalidRequest } from "../../mqtt/handlers/body.js";
import { statusPayload } from "../../mqtt/payloads.js";
import { sameNumber } from "../../sms/numbers.js";
import type { InboundMessage, OutboundMessage, SendOrigin } from "../../sms/types.js";
import { type HttpDoorDeps, sendProblem } from "../app.js";
import { pageOf } from "../paging.js";
import { inboxDoc, inboxMessageDoc, listDoc } from "./listing-doc.js";
import { inboxQuery, messagesQuery } from "./listing-query.js";

function parseQuery<S extends z.ZodType>(schema: S, query: unknown): z.output<S> {
  const r = schema.safeParse(query);
  if (!r.success) throw invalidRequest(r.error.issues);
  return r.data;
}

const isAdmin = (token: { scopes: string[] } | undefined) =>
  token?.scopes.includes("admin") === true;

/** A message as GET /api/v1/messages/{id} shows it: the text only for admin. */
function shown(m: OutboundMessage, admin: boolean) {
  const { text, ...rest } = m;
  return { ...statusPayload(m), ...rest, ...(admin ? { text } : {}) };
}

/** A received message, marked when it was a remote-command attempt (and how that ended). */
/**
 * A received message as the inbox shows it: a code in front of a command keyword masked (as on
 * MQTT: an `inbox:read` token must not learn a PIN), and whether it was a command.
 */
function received(m: InboundMessage, deps: HttpDoorDeps) {
  const text = deps.maskCodes?.(m.text) ?? m.text;
  const shown = text === m.text ? m : { ...m, text };
  const outcome = deps.commandLog?.outcomeOf(m.id);
  return outcome === undefined
    ? shown
    : { ...shown, command: true as const, commandOutcome: outcome };
}

const notFound = (reply: FastifyReply, id: string) =>
  sendProblem(reply, new SmsgwError("sms.not-found", `no received message with id "${id}"`));

export function registerListingRoutes(app: FastifyInstance, deps: HttpDoorDeps): void {
  /**
   * Outbox and history, newest first, cursor-paginated: the live queue first, then finished
   * messages. Without admin a token sees only messages sent over HTTP.
   */
  const list = { config: { scope: "messages:read", doc: listDoc } } as const;
  app.get("/api/v1/messages", list, async (request, reply) => {
    try {
      const q = parseQuery(messagesQuery, request.query);
      const admin = isAdmin(request.token);
      const origins: SendOrigin[] | undefined = admin ? undefined : ["http"];
      const wanted = (m: OutboundMessage) =>
        (q.status === undefined || q.status.includes(m.status)) &&
        (q.to === undefined || m.to === q.to) &&
        (q.since === undefined || Date.parse(m.createdAt) >= q.since);
      const live = deps.service
        .list(origins === undefined ? {} : { origins })
        .filter(wanted)
        .reverse();
      const page = await pageOf<OutboundMessage>(
        {
          live,
          history: async ({ limit, until }) =>
            (
              await deps.service.finishedOutbound({
                limit,
                ...(until === undefined ? {} : { until }),
                // A message finishes after it was made: older history cannot match `since`.
                ...(q.since === undefined ? {} : { since: q.since }),
                filter: (m) => (origins === undefined || origins.includes(m.origin)) && wanted(m),
              })
            ).map((e) => ({ at: e.at, item: e.message })),
        },
        q.limit,
        q.cursor,
      );
      return reply.code(200).send({
        messages: page.items.map((m) => shown(m, admin)),
        ...(page.nextCursor === undefined ? {} : { nextCursor: page.nextCursor }),
      });
    } catch (err) {
      return sendProblem(reply, err);
    }
  });

  const inboundWanted = (q: z.output<typeof inboxQuery>) => (m: InboundMessage) =>
    (q.from === undefined || m.from === q.from || sameNumber(m.from, q.from)) &&
    (q.since === undefined || Date.parse(m.receivedAt) >= q.since);

  /**
   * Received messages, newest first: those not yet handed on, then the history. Incomplete
   * multipart messages carry `complete: false` and their `missingParts`.
   */
  const inbox = { config: { scope: "inbox:read", doc: inboxDoc } } as const;
  app.get("/api/v1/inbox", inbox, async (request, reply) => {
    try {
      const q = parseQuery(inboxQuery, request.query);
      const wanted = inboundWanted(q);
      const live = deps.service
        .pendingInbound()
        .filter(wanted)
        .sort((a, b) => Date.parse(b.receivedAt) - Date.parse(a.receivedAt));
      const page = await pageOf<InboundMessage>(
        {
          live,
          history: async ({ limit, until }) =>
            (
              await deps.service.receivedHistory({
                limit,
                ...(until === undefined ? {} : { until }),
                ...(q.since === undefined ? {} : { since: q.since }),
                filter: wanted,
              })
            ).map((e) => ({ at: e.at, item: e.message })),
        },
        q.limit,
        q.cursor,
      );
      return reply.code(200).send({
        messages: page.items.map((m) => received(m, deps)),
        ...(page.nextCursor === undefined ? {} : { nextCursor: page.nextCursor }),
      });
    } catch (err) {
      return sendProblem(reply, err);
    }
  });

  app.get<{ Params: { id: string } }>(
    "/api/v1/inbox/:id",
    { config: { scope: "inbox:read", doc: inboxMessageDoc } },
    async (request, reply) => {
      try {
        const { id } = request.params;
        const pending = deps.service.pendingInbound().find((m) => m.id === id);
        if (pending !== undefined) return reply.code(200).send(received(pending, deps));
        const [done] = await deps.service.receivedHistory({ limit: 1, filter: (m) => m.id === id });
        return done === undefined
          ? notFound(reply, id)
          : reply.code(200).send(received(done.message, deps));
      } catch (err) {
        return sendProblem(reply, err);
      }
    },
  );
}
