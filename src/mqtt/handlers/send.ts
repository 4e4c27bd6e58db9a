import { z } from "zod";
import { SmsgwError } from "../../errors.js";
import type { SendRequest } from "../../sms/types.js";
import { type SendResponseData, sentMessageData } from "../payloads.js";
import { messageId } from "./body.js";
import { defineRequest } from "./request.js";

const seconds = () =>
  z.number({ error: "must be a number of seconds" }).positive("must be more than 0").optional();

export const sendBody = z.strictObject({
  to: z.union([z.string(), z.array(z.string()).min(1, "the list of numbers is empty")], {
    error: "expected a phone number (a string) or a list of them",
  }),
  text: z.string({ error: "expected the message text (a string)" }),
  id: messageId().optional(),
  priority: z.enum(["high", "normal", "low"], { error: "must be high, normal or low" }).optional(),
  flash: z.boolean({ error: "must be true or false" }).optional(),
  /** Seconds; `validitySeconds` is accepted as the service's own name for it. */
  validity: seconds(),
  validitySeconds: seconds(),
  deliveryReport: z.boolean({ error: "must be true or false" }).optional(),
  notBefore: z.iso
    .datetime({ offset: true, error: "must be an ISO 8601 time, e.g. 2025-06-01T08:00:00Z" })
    .optional(),
  encoding: z.enum(["auto", "gsm7", "ucs2"], { error: "must be auto, gsm7 or ucs2" }).optional(),
  /** Sent even to a number on the opt-out list (a one-time code, a transaction notice). */
  transactional: z.boolean({ error: "must be true or false" }).optional(),
});

export type SendBody = z.output<typeof sendBody>;

/** A validated send body → the service's SendRequest (`validity` becomes `validitySeconds`). */
export function sendRequestOf(p: SendBody): SendRequest {
  if (p.validity !== undefined && p.validitySeconds !== undefined)
    throw new SmsgwError("mqtt.invalid-request", "give `validity` or `validitySeconds`, not both");
  const req: SendRequest = { to: p.to, text: p.text };
  if (p.id !== undefined) req.id = p.id;
  if (p.priority !== undefined) req.priority = p.priority;
  if (p.flash !== undefined) req.flash = p.flash;
  const validity = p.validity ?? p.validitySeconds;
  if (validity !== undefined) req.validitySeconds = validity;
  if (p.deliveryReport !== undefined) req.deliveryReport = p.deliveryReport;
  if (p.notBefore !== undefined) req.notBefore = p.notBefore;
  if (p.encoding !== undefined) req.encoding = p.encoding;
  if (p.transactional !== undefined) req.transactional = p.transactional;
  return req;
}

/**
 * Queues the message (one per recipient) and answers once it is durable: the phone number,
 * text and part checks are the SMS service's (`sms.*` codes).
 */
export const send = defineRequest({
  summary: "Queues an SMS to a number or a list of numbers; answers once it is durably queued.",
  body: sendBody,
  expected: 'like {"to": "+491701234567", "text": "hello"}',
  async handle(body, ctx): Promise<SendResponseData> {
    const request = sendRequestOf(body);
    const messages = await ctx.service.send({ ...request, origin: ctx.origin });
    // As the SMS service decides it: the request's choice, else the configured default.
    const report = request.deliveryReport ?? ctx.deliveryReports;
    return messages.length === 1 && messages[0] !== undefined
      ? sentMessageData(messages[0], report)
      : { messages: messages.map((m) => sentMessageData(m, report)) };
  },
});
