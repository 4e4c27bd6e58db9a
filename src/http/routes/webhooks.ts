import { randomUUID } from "node:crypto";
import type { FastifyInstance } from "fastify";
import { z } from "zod";
import { webhookSchema } from "../../config/sections/webhooks.js";
import { SmsgwError } from "../../errors.js";
import { invalidRequest } from "../../mqtt/handlers/body.js";
import { newStandardSecret } from "../../webhooks/signatures.js";
import type { Webhook } from "../../webhooks/types.js";
import { type HttpDoorDeps, sendProblem, type WebhooksDeps } from "../app.js";
import {
  webhookCreateDoc,
  webhookDeleteDoc,
  webhookDeliveriesDoc,
  webhookGetDoc,
  webhookListDoc,
  webhookPatchDoc,
  webhookTestDoc,
} from "./webhooks-doc.js";

const BASE = "/api/v1/webhooks";

/** Only `enabled` changes here; the rest of a webhook is replaced with POST. */
const patchBody = z.strictObject({
  enabled: z.boolean({ error: "expected true or false" }),
});

/** A webhook as the API shows it: never its secrets, nor its header values (they may be tokens). */
function view(w: WebhooksDeps, h: Webhook) {
  const reason = w.registry.disabledReason(h.id);
  return {
    id: h.id,
    url: h.url,
    events: h.events,
    format: h.format,
    headers: Object.fromEntries(Object.keys(h.headers).map((k) => [k, "***"])),
    allowHttp: h.allowHttp,
    enabled: h.enabled,
    source: h.source,
    signed: h.secrets.length > 0,
    ...(reason === undefined || h.enabled ? {} : { disabledReason: reason }),
    pending: w.engine.pending(h.id),
  };
}

function field(name: string, message: string): SmsgwError {
  return new SmsgwError("mqtt.invalid-request", name === "" ? message : `\`${name}\`: ${message}`, {
    details: { issues: [message], fields: [{ field: name, message }] },
  });
}

/**
 * `/api/v1/webhooks`: the gateway's webhooks, with the `webhooks:write` scope (or admin) for
 * every route (the list shows where events go). Config-file webhooks are shown and can be
 * switched off and on; only API-made ones are changed or deleted here.
 */
export function registerWebhookRoutes(app: FastifyInstance, deps: HttpDoorDeps): void {
  const w = (): WebhooksDeps => {
    if (deps.webhooks === undefined)
      throw new SmsgwError("http.webhooks-unavailable", "this gateway runs no webhook engine");
    return deps.webhooks;
  };
  const found = (id: string): Webhook => {
    const h = w().registry.get(id);
    if (h === undefined) throw new SmsgwError("http.webhook-not-found", `no webhook ${id}`);
    return h;
  };
  const config = { scope: "webhooks:write" as const };

  app.get(BASE, { config: { ...config, doc: webhookListDoc } }, async (_request, reply) => {
    try {
      const ws = w();
      return reply.code(200).send(ws.registry.list().map((h) => view(ws, h)));
    } catch (err) {
      return sendProblem(reply, err);
    }
  });

  app.post(BASE, { config: { ...config, doc: webhookCreateDoc } }, async (request, reply) => {
    try {
      const ws = w();
      const body = request.body;
      if (body === null || typeof body !== "object" || Array.isArray(body))
        throw field("", "expected a JSON object");
      // A CA file is read by the gateway: a path from the network is no business of the API.
      if ("caFile" in body) throw field("caFile", "set a CA file in the config file only");
      const r = webhookSchema.safeParse({ id: `wh_${randomUUID().slice(0, 8)}`, ...body });
      if (!r.success) throw invalidRequest(r.error.issues);
      const d = r.data;
      if (ws.registry.isConfigured(d.id))
        throw new SmsgwError(
          "http.webhook-read-only",
          `webhook ${d.id} is defined in the config file`,
        );
      const secret = d.secret ?? (d.format === "native" ? newStandardSecret() : undefined);
      const hook: Webhook = {
        id: d.id,
        url: d.url,
        events: d.events,
        format: d.format,
        secrets: secret === undefined ? [] : Array.isArray(secret) ? secret : [secret],
        headers: d.headers,
        allowHttp: d.allowHttp,
        enabled: d.enabled,
        source: "api",
      };
      await ws.registry.put(hook);
      return reply
        .code(201)
        .send({ ...view(ws, hook), ...(secret === undefined ? {} : { secret }) });
    } catch (err) {
      return sendProblem(reply, err);
    }
  });

  app.get<{ Params: { id: string } }>(
    `${BASE}/:id`,
    { config: { ...config, doc: webhookGetDoc } },
    async (request, reply) => {
      try {
        const ws = w();
        const h = found(request.params.id);
        return reply.code(200).send({ ...view(ws, h), attempts: attempts(ws, h.id) });
      } catch (err) {
        return sendProblem(reply, err);
      }
    },
  );

  app.patch<{ Params: { id: string } }>(
    `${BASE}/:id`,
    { config: { ...config, doc: webhookPatchDoc } },
    async (request, reply) => {
      try {
        const ws = w();
        const body = patchBody.safeParse(request.body);
        if (!body.success) throw invalidRequest(body.error.issues);
        found(request.params.id);
        await ws.registry.setEnabled(
          request.params.id,
          body.data.enabled,
          "switched off through the API",
        );
        return reply.code(200).send(view(ws, found(request.params.id)));
      } catch (err) {
        return sendProblem(reply, err);
      }
    },
  );

  app.delete<{ Params: { id: string } }>(
    `${BASE}/:id`,
    { config: { ...config, doc: webhookDeleteDoc } },
    async (request, reply) => {
      try {
        const ws = w();
        const h = found(request.params.id);
        if (h.source === "config")
          throw new SmsgwError(
            "http.webhook-read-only",
            `webhook ${h.id} is defined in the config file`,
          );
        await ws.registry.remove(h.id);
        await ws.engine.dropTarget(h.id);
        return reply.code(204).send();
      } catch (err) {
        return sendProblem(reply, err);
      }
    },
  );

  app.post<{ Params: { id: string } }>(
    `${BASE}/:id/test`,
    { config: { ...config, doc: webhookTestDoc } },
    async (request, reply) => {
      try {
        const ws = w();
        const h = found(request.params.id);
        const id = `evt_${randomUUID()}`;
        await ws.engine.publishTo(h, {
          id,
          type: "webhook.test",
          createdAt: new Date().toISOString(),
          data: { webhook: h.id, message: "a test event from smsgw" },
        });
        return reply.code(202).send({ eventId: id });
      } catch (err) {
        return sendProblem(reply, err);
      }
    },
  );

  app.get<{ Params: { id: string } }>(
    `${BASE}/:id/deliveries`,
    { config: { ...config, doc: webhookDeliveriesDoc } },
    async (request, reply) => {
      try {
        const ws = w();
        const h = found(request.params.id);
        return reply
          .code(200)
          .send({ attempts: attempts(ws, h.id), pending: ws.engine.pending(h.id) });
      } catch (err) {
        return sendProblem(reply, err);
      }
    },
  );
}

function attempts(w: WebhooksDeps, id: string) {
  return w.engine.attemptsOf(id).map(({ target: _t, ...a }) => a);
}
