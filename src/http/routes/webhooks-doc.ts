import { z } from "zod";
import type { RouteDoc } from "../openapi/route-doc.js";
import { problemSchema } from "../openapi/schemas.js";

/** The OpenAPI descriptions of the routes of webhooks.ts, given where each is registered. */

const webhookView = z.object({
  id: z.string(),
  url: z.string(),
  events: z
    .array(z.string())
    .describe("Native event names (or *), or SMSGate's for format smsgate"),
  format: z.enum(["native", "smsgate"]),
  headers: z.record(z.string(), z.string()).describe("Extra headers (values hidden)"),
  allowHttp: z.boolean(),
  enabled: z.boolean(),
  source: z
    .enum(["config", "api", "smsgate"])
    .describe("Where it was made: only api ones can be deleted here"),
  signed: z.boolean().describe("Whether calls carry a signature"),
  disabledReason: z.string().optional().describe("Why it was switched off (e.g. 410 Gone)"),
  pending: z.number().int().describe("Events waiting for it"),
});

const attempt = z.object({
  eventId: z.string(),
  at: z.string().describe("ISO 8601"),
  attempt: z.number().int(),
  status: z.number().int().optional().describe("HTTP status; absent when there was no answer"),
  result: z.enum(["delivered", "retry", "given-up", "disabled"]),
  error: z.string().optional(),
  durationMs: z.number(),
});

export const webhookBodySchema = z.object({
  id: z.string().optional().describe("Default: a new id"),
  url: z.string().describe("https://, or http:// with allowHttp"),
  events: z.array(z.string()),
  format: z.enum(["native", "smsgate"]).optional(),
  secret: z
    .union([z.string(), z.array(z.string())])
    .optional()
    .describe("native: whsec_…; default: a new one, answered once"),
  headers: z.record(z.string(), z.string()).optional(),
  allowHttp: z.boolean().optional(),
  enabled: z.boolean().optional(),
});

const idParams = z.object({ id: z.string().describe("The webhook's id") });
const notFound = {
  description: "No such webhook (`http.webhook-not-found`)",
  schema: problemSchema,
};
const unavailable = {
  description: "No webhook engine in this gateway (`http.webhooks-unavailable`)",
  schema: problemSchema,
};

export const webhookListDoc: RouteDoc = {
  summary: "Every webhook: from the config file, this API and SMSGate's /webhooks",
  responses: {
    200: { description: "The webhooks", schema: z.array(webhookView) },
    501: unavailable,
  },
};

export const webhookCreateDoc: RouteDoc = {
  summary: "Make (or replace) a webhook",
  description:
    "Durable before the answer. A native webhook without a secret gets a new one, in this answer only.",
  body: webhookBodySchema,
  responses: {
    201: {
      description: "Made; `secret` is shown this once",
      schema: webhookView.extend({ secret: z.union([z.string(), z.array(z.string())]).optional() }),
    },
    400: {
      description: "Not a valid webhook (`mqtt.invalid-request`, `fields`)",
      schema: problemSchema,
    },
    409: {
      description: "The id is a config-file webhook (`http.webhook-read-only`)",
      schema: problemSchema,
    },
    501: unavailable,
  },
};

export const webhookGetDoc: RouteDoc = {
  summary: "One webhook with its last attempts",
  params: idParams,
  responses: {
    200: { description: "The webhook", schema: webhookView.extend({ attempts: z.array(attempt) }) },
    404: notFound,
    501: unavailable,
  },
};

export const webhookPatchDoc: RouteDoc = {
  summary: "Switch a webhook on or off (also one from the config file, e.g. after 410 Gone)",
  params: idParams,
  body: z.strictObject({ enabled: z.boolean() }),
  responses: { 200: { description: "Done", schema: webhookView }, 404: notFound, 501: unavailable },
};

export const webhookDeleteDoc: RouteDoc = {
  summary: "Delete a webhook made through an API, with its queued events",
  params: idParams,
  responses: {
    204: { description: "Deleted" },
    404: notFound,
    409: { description: "A config-file webhook (`http.webhook-read-only`)", schema: problemSchema },
    501: unavailable,
  },
};

export const webhookTestDoc: RouteDoc = {
  summary: "Send a webhook.test event to one webhook (queued and retried like any event)",
  params: idParams,
  responses: {
    202: { description: "Queued", schema: z.object({ eventId: z.string() }) },
    404: notFound,
    501: unavailable,
  },
};

export const webhookDeliveriesDoc: RouteDoc = {
  summary: "The last attempts to call a webhook, newest first",
  params: idParams,
  responses: {
    200: {
      description: "The attempts",
      schema: z.object({ attempts: z.array(attempt), pending: z.number() }),
    },
    404: notFound,
    501: unavailable,
  },
};
