import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { z } from "zod";
import { SmsgwError } from "../../errors.js";
import { invalidRequest } from "../../mqtt/handlers/body.js";
import { handleRequest, send } from "../../mqtt/handlers/index.js";
import { sentMessages } from "../../mqtt/payloads.js";
import type { SmsPort } from "../../mqtt/ports.js";
import type { OutboundMessage } from "../../sms/types.js";
import { contextFor, frameworkProblem, type HttpDoorDeps } from "../app.js";
import { conflicts, existingFor } from "../routes/messages.js";
import { smsgateHealth } from "./health.js";
import { sendSmsgateError } from "./reply.js";
import { smsgateDocs } from "./route-doc.js";
import { parseSmsgateSend } from "./send-body.js";
import { DEVICE_ID, SMSGATE_STATES, type SmsgateState, smsgateMessage, stateOf } from "./states.js";

/** Where SMSGate's clients find its API: the local server's root, and the cloud's prefix. */
export const SMSGATE_PREFIXES = ["", "/3rdparty/v1"] as const;

/** SMSGate names most routes both ways (`/message` and `/messages`). */
const both = (path: string) => [`/message${path}`, `/messages${path}`];

const boolQuery = z.enum(["true", "false"], { error: "must be true or false" });
const time = z.iso
  .datetime({ offset: true, error: "must be an ISO 8601 time, e.g. 2025-06-01T08:00:00Z" })
  .transform((s) => Date.parse(s));
const paging = {
  limit: z.coerce
    .number({ error: "must be a whole number, 1 to 500" })
    .int("must be a whole number, 1 to 500")
    .min(1, "must be a whole number, 1 to 500")
    .max(500, "must be a whole number, 1 to 500")
    .default(50),
  offset: z.coerce
    .number({ error: "must be a whole number, 0 or more" })
    .int("must be a whole number, 0 or more")
    .min(0, "must be a whole number, 0 or more")
    .default(0),
  from: time.optional(),
  to: time.optional(),
  deviceId: z.string().optional(),
};
const messagesQuery = z.object({
  ...paging,
  state: z
    .enum(SMSGATE_STATES, { error: `must be one of ${SMSGATE_STATES.join(", ")}` })
    .optional(),
  includeContent: boolQuery.optional(),
  sort: z
    .literal("-created_at", { error: "only -created_at (newest first) is supported" })
    .optional(),
});
const inboxQuery = z.object({
  ...paging,
  type: z.enum(["SMS", "DATA_SMS", "MMS", "MMS_DOWNLOADED"]).optional(),
  includeAttachments: boolQuery.optional(),
});
const sendQuery = z.object({
  skipPhoneValidation: boolQuery.optional(),
  deviceActiveWithin: z.coerce.number().int().min(0).optional(),
});

function parse<S extends z.ZodType>(schema: S, value: unknown): z.output<S> {
  const r = schema.safeParse(value ?? {});
  if (!r.success) throw invalidRequest(r.error.issues);
  return r.data;
}

const inRange = (iso: string, q: { from?: number; to?: number }) => {
  const t = Date.parse(iso);
  return (q.from === undefined || t >= q.from) && (q.to === undefined || t <= q.to);
};

/**
 * Our messages that make up SMSGate message `id`: the message itself, or one per recipient
 * (`<id>:<number>`) of a send to several numbers. Live messages of another door (MQTT, alerts)
 * stay invisible, as they do to a token without admin on /api/v1.
 */
async function membersOf(service: SmsPort, id: string): Promise<OutboundMessage[]> {
  const origin = service.originOf(id);
  const one = service.get(id);
  if (one !== undefined) return origin === undefined || origin === "http" ? [one] : [];
  const prefix = `${id}:`;
  const found = new Map<string, OutboundMessage>();
  for (const m of service.list({ origins: ["http"] }))
    if (m.id.startsWith(prefix)) found.set(m.id, m);
  const done = await service.finishedOutbound({
    limit: 100,
    filter: (m) => m.origin === "http" && m.id.startsWith(prefix),
  });
  for (const { message } of done) if (!found.has(message.id)) found.set(message.id, message);
  // One request's messages share their creation time and finish in any order: by number, so
  // the same message reads the same every time.
  return [...found.values()].sort(
    (a, b) => a.createdAt.localeCompare(b.createdAt) || a.to.localeCompare(b.to),
  );
}

const notFound = (id: string) => new SmsgwError("sms.not-found", `no message with id "${id}"`);

/** A page of a listing newest first, with the total count (SMSGate's `X-Total-Count`). */
async function pageAndTotal<T>(
  live: T[],
  history: (visit: (item: T) => void) => Promise<void>,
  offset: number,
  limit: number,
): Promise<{ items: T[]; total: number }> {
  const items = live.slice(offset, offset + limit);
  let n = 0;
  const skip = Math.max(0, offset - live.length);
  await history((item) => {
    if (n >= skip && items.length < limit) items.push(item);
    n++;
  });
  return { items, total: live.length + n };
}

function routes(app: FastifyInstance, deps: HttpDoorDeps, prefix: string): void {
  const config = { auth: "smsgate" as const };
  const service = deps.service;
  const doc = smsgateDocs({ messages: messagesQuery, inbox: inboxQuery, send: sendQuery });
  const described = (d: keyof typeof doc) => ({ config: { ...config, doc: doc[d] } });

  /** `GET /`: SMSGate's authentication check. */
  app.get("/", described("root"), async (_request, reply) =>
    reply.code(200).send({ status: "ok", model: deps.modem.info?.model ?? "smsgw" }),
  );

  app.get("/health", { config: { auth: "public", doc: doc.health } }, async (_request, reply) => {
    const h = smsgateHealth(deps);
    return reply.code(h.status === "fail" ? 503 : 200).send(h);
  });

  for (const path of ["/device", "/devices"])
    app.get(path, described("device"), async (_request, reply) => {
      const info = deps.modem.info;
      const name =
        [info?.manufacturer, info?.model].filter((s) => s !== undefined).join(" ") || "smsgw";
      const now = new Date().toISOString();
      return reply.code(200).send([
        {
          id: DEVICE_ID,
          name,
          createdAt: deps.startedAt.toISOString(),
          updatedAt: now,
          lastSeen: deps.modem.state === "ready" ? now : deps.startedAt.toISOString(),
          simCards: [
            {
              simNumber: 1,
              slotIndex: 0,
              ...(info?.operator?.name === undefined ? {} : { carrierName: info.operator.name }),
            },
          ],
        },
      ]);
    });

  /**
   * Queues the message once per number and answers once it is durable: 202 + Location with
   * SMSGate's message document. The same id with the same body again answers 200 with the
   * message as it is now (a harmless retry); with another body 409, as SMSGate does.
   */
  const post = async (request: FastifyRequest, reply: FastifyReply) => {
    try {
      parse(sendQuery, request.query);
      const body = parseSmsgateSend(request.body, Date.now());
      const existing = existingFor(service, body);
      if (conflicts(body, existing))
        throw new SmsgwError(
          "http.id-conflict",
          `a message with id "${body.id}" exists with another number, text or priority; use a new id`,
        );
      const data = await send.handle(body, contextFor(deps, undefined));
      const ids = sentMessages(data).map((m) => m.id);
      const members = ids.flatMap((id) => {
        const m = service.get(id);
        return m === undefined ? [] : [m];
      });
      const id = body.id as string;
      const retry = ids.every((i) => existing.has(i));
      void reply.header("location", `${prefix}/messages/${encodeURIComponent(id)}`);
      return reply.code(retry ? 200 : 202).send(smsgateMessage(id, members));
    } catch (err) {
      return sendSmsgateError(reply, err);
    }
  };
  for (const path of both("")) app.post(path, described("send"), post);

  /** The message's state and each recipient's. */
  for (const path of both("/:id"))
    app.get<{ Params: { id: string }; Querystring: unknown }>(
      path,
      described("read"),
      async (request, reply) => {
        try {
          const q = parse(z.object({ includeContent: boolQuery.optional() }), request.query);
          const { id } = request.params;
          const members = await membersOf(service, id);
          if (members.length === 0) throw notFound(id);
          return reply.code(200).send(smsgateMessage(id, members, q.includeContent === "true"));
        } catch (err) {
          return sendSmsgateError(reply, err);
        }
      },
    );

  /** Cancels a message not yet sent (every recipient); 409 when it is already on its way. */
  for (const path of both("/:id"))
    app.delete<{ Params: { id: string } }>(path, described("cancel"), async (request, reply) => {
      try {
        const { id } = request.params;
        const members = await membersOf(service, id);
        if (members.length === 0) throw notFound(id);
        const pending = members.filter((m) => m.status === "queued");
        if (pending.length === 0)
          throw new SmsgwError(
            "sms.not-cancellable",
            `message "${id}" is already ${members[0]?.status ?? "finished"}`,
          );
        const ctx = contextFor(deps, undefined);
        for (const m of pending) await handleRequest("queue/cancel", { id: m.id }, ctx);
        return reply.code(200).send(smsgateMessage(id, await membersOf(service, id)));
      } catch (err) {
        return sendSmsgateError(reply, err);
      }
    });

  /**
   * Messages sent over HTTP, newest first, `offset`/`limit` paged, with X-Total-Count. One
   * entry per number: a send to several numbers lists each as `<id>:<number>`.
   */
  for (const path of both(""))
    app.get(path, described("list"), async (request, reply) => {
      try {
        const q = parse(messagesQuery, request.query);
        const content = q.includeContent === "true";
        const wanted = (m: OutboundMessage) =>
          (q.state === undefined || stateOf(m.status) === (q.state as SmsgateState)) &&
          inRange(m.createdAt, q);
        const live = service
          .list({ origins: ["http"] })
          .filter(wanted)
          .reverse();
        const { items, total } = await pageAndTotal<OutboundMessage>(
          live,
          async (visit) => {
            // Visits every matching history entry (for the total) and keeps none of them.
            await service.finishedOutbound({
              limit: 1,
              filter: (m) => {
                if (m.origin === "http" && wanted(m)) {
                  const { origin: _o, ...message } = m;
                  visit(message);
                }
                return false;
              },
            });
          },
          q.offset,
          q.limit,
        );
        void reply.header("x-total-count", String(total));
        return reply.code(200).send(items.map((m) => smsgateMessage(m.id, [m], content)));
      } catch (err) {
        return sendSmsgateError(reply, err);
      }
    });

  /** Received SMS, newest first, as SMSGate's IncomingMessage, with X-Total-Count. */
  app.get("/inbox", described("inbox"), async (request, reply) => {
    try {
      const q = parse(inboxQuery, request.query);
      if (q.type !== undefined && q.type !== "SMS")
        return reply.header("x-total-count", "0").code(200).send([]);
      const live = service
        .pendingInbound()
        .filter((m) => inRange(m.receivedAt, q))
        .sort((a, b) => Date.parse(b.receivedAt) - Date.parse(a.receivedAt));
      const { items, total } = await pageAndTotal(
        live,
        async (visit) => {
          await service.receivedHistory({
            limit: 1,
            filter: (m) => {
              if (inRange(m.receivedAt, q)) visit(m);
              return false;
            },
          });
        },
        q.offset,
        q.limit,
      );
      void reply.header("x-total-count", String(total));
      return reply.code(200).send(
        items.map((m) => ({
          id: m.id,
          type: "SMS",
          sender: m.from,
          simNumber: 1,
          contentPreview: m.text,
          createdAt: m.receivedAt,
        })),
      );
    } catch (err) {
      return sendSmsgateError(reply, err);
    }
  });

  for (const path of ["/webhook", "/webhooks"]) {
    const hooks = () => {
      if (deps.smsgateWebhooks === undefined)
        throw new SmsgwError(
          "http.store-unavailable",
          "webhook registrations need the store directory, which this door was not given",
        );
      return deps.smsgateWebhooks;
    };
    app.get(path, described("webhooks"), async (_request, reply) => {
      try {
        return reply.code(200).send(hooks().list());
      } catch (err) {
        return sendSmsgateError(reply, err);
      }
    });
    app.post(path, described("addWebhook"), async (request, reply) => {
      try {
        return reply.code(201).send(await hooks().register(request.body));
      } catch (err) {
        return sendSmsgateError(reply, err);
      }
    });
    app.delete<{ Params: { id: string } }>(
      `${path}/:id`,
      described("removeWebhook"),
      async (request, reply) => {
        try {
          // SMSGate answers 204 whether or not it had the id: a delete is done either way.
          await hooks().remove(request.params.id);
          return reply.code(204).send();
        } catch (err) {
          return sendSmsgateError(reply, err);
        }
      },
    );
  }
}

/**
 * SMSGate's (android-sms-gateway) local-server API at the root and under /3rdparty/v1, with
 * `http.smsgate`'s Basic credentials; off while that block is absent. Sends go through the
 * same request handler as MQTT and /api/v1, so ids and states are the same on every door.
 */
export function registerSmsgateRoutes(app: FastifyInstance, deps: HttpDoorDeps): void {
  if (deps.config.smsgate === undefined) return;
  for (const prefix of SMSGATE_PREFIXES)
    void app.register(
      (scope, _opts, done) => {
        scope.setErrorHandler((err, _request, reply) =>
          sendSmsgateError(reply, frameworkProblem(err)),
        );
        routes(scope, deps, prefix);
        done();
      },
      { prefix },
    );
}
