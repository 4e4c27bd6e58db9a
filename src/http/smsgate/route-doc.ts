import { z } from "zod";
import type { ResponseDoc, RouteDoc } from "../openapi/route-doc.js";
import { smsgateSendBody } from "./send-body.js";
import { SMSGATE_STATES } from "./states.js";
import { SMSGATE_EVENTS } from "./webhooks.js";

/**
 * The OpenAPI descriptions of SMSGate's routes (route.ts), in SMSGate's shapes. The same
 * description serves each path a route has (`/message` and `/messages`, at the root and under
 * `/3rdparty/v1`).
 */

const error = z
  .object({
    message: z.string(),
    data: z
      .object({
        code: z.string().describe("The error code (docs/errors.md)"),
        fields: z.array(z.object({ field: z.string(), message: z.string() })).optional(),
      })
      .optional(),
  })
  .describe("SMSGate's error body, with our code");

const state = z.enum(SMSGATE_STATES as [string, ...string[]]);
const message = z
  .object({
    id: z.string(),
    deviceId: z.string(),
    state,
    isHashed: z.boolean(),
    isEncrypted: z.boolean(),
    recipients: z.array(
      z.object({ phoneNumber: z.string(), state, error: z.string().optional() }).loose(),
    ),
    states: z.record(z.string(), z.string()).describe("When it reached each state (ISO 8601)"),
  })
  .loose()
  .describe("SMSGate's GetMessageResponse");

const webhook = z
  .object({ id: z.string(), url: z.string(), event: z.enum(SMSGATE_EVENTS) })
  .loose();

const refused = (description: string): ResponseDoc => ({ description, schema: error });
const unauthorized = refused(
  "No or wrong Basic credentials (`http.unauthorized`); past `http.authFailures`, 429",
);
const ids = z.object({ id: z.string().min(1) });
const total = { "X-Total-Count": "How many match, on every page" };

export function smsgateDocs(q: { messages: z.ZodObject; inbox: z.ZodObject; send: z.ZodObject }) {
  const docs = {
    root: {
      summary: "SMSGate: a credentials check",
      responses: {
        200: {
          description: "The credentials are right",
          schema: z.object({ status: z.literal("ok"), model: z.string() }),
        },
        401: unauthorized,
      },
    },
    health: {
      summary: "SMSGate: health, without credentials",
      responses: {
        200: { description: "pass or warn", schema: z.object({ status: z.string() }).loose() },
        503: { description: "fail", schema: z.object({ status: z.string() }).loose() },
      },
    },
    device: {
      summary: "SMSGate: the one device (this gateway) with its SIM",
      responses: {
        200: { description: "One device", schema: z.array(z.object({ id: z.string() }).loose()) },
        401: unauthorized,
      },
    },
    send: {
      summary: "SMSGate: queue an SMS; answered once it is on disk",
      query: q.send,
      body: smsgateSendBody,
      responses: {
        200: { description: "The same id and body were queued before", schema: message },
        202: {
          description: "Queued (durably)",
          schema: message,
          headers: { Location: "The message's URL" },
        },
        400: refused("A field is wrong, missing or unknown; `data.fields` names each"),
        401: unauthorized,
        409: refused("The id is taken by another body (`http.id-conflict`)"),
        413: refused("More SMS than `sms.maxParts`, or a body over `http.maxBodyBytes`"),
        429: refused("The queue's share for the doors is full (`sms.queue-full`)"),
        503: refused("The store cannot write (`http.store-unavailable`)"),
      },
    },
    read: {
      summary: "SMSGate: a message's state and each recipient's",
      params: ids,
      responses: {
        200: { description: "The message", schema: message },
        401: unauthorized,
        404: refused("No such message (`sms.not-found`)"),
      },
    },
    cancel: {
      summary: "SMSGate: cancel a message not yet sent",
      params: ids,
      responses: {
        200: { description: "Cancelled", schema: message },
        401: unauthorized,
        404: refused("No such message (`sms.not-found`)"),
        409: refused("Already on its way (`sms.not-cancellable`)"),
      },
    },
    list: {
      summary: "SMSGate: messages sent over HTTP, newest first",
      query: q.messages,
      responses: {
        200: { description: "One page", schema: z.array(message), headers: total },
        400: refused("A bad query parameter"),
        401: unauthorized,
      },
    },
    inbox: {
      summary: "SMSGate: received SMS, newest first",
      query: q.inbox,
      responses: {
        200: {
          description: "One page",
          schema: z.array(z.object({ id: z.string(), sender: z.string() }).loose()),
          headers: total,
        },
        400: refused("A bad query parameter"),
        401: unauthorized,
      },
    },
    webhooks: {
      summary: "SMSGate: the webhook registrations (smsgw does not call them yet)",
      responses: { 200: { description: "Every one", schema: z.array(webhook) }, 401: unauthorized },
    },
    addWebhook: {
      summary: "SMSGate: register a webhook (the same id replaces it)",
      responses: {
        201: { description: "Registered (on disk)", schema: webhook },
        400: refused("A bad registration"),
        401: unauthorized,
      },
    },
    removeWebhook: {
      summary: "SMSGate: remove a webhook registration",
      params: ids,
      responses: { 204: { description: "Removed (or there was none)" }, 401: unauthorized },
    },
  } satisfies Record<string, RouteDoc>;
  return docs;
}
