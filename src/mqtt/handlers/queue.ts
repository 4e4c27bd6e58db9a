import { z } from "zod";
import { SmsgwError } from "../../errors.js";
import { type QueueListData, type StatusPayload, statusPayload } from "../payloads.js";
import { messageId } from "./body.js";
import { defineRequest } from "./request.js";

/**
 * Without `admin` a caller sees only what came through its own door, and no texts: alerts,
 * replies and one-time codes stay private (MQTT has no identity beyond the topic).
 */
export const queueList = defineRequest({
  summary: "Lists the messages not yet finished.",
  body: z.strictObject({}),
  expected: "(or an empty payload)",
  noArguments: true,
  async handle(_body, ctx): Promise<QueueListData> {
    if (ctx.admin) {
      const messages = ctx.service.list();
      return { count: messages.length, messages };
    }
    const messages = ctx.service
      .list({ origins: [ctx.origin] })
      .map(({ text: _text, ...rest }) => rest);
    return { count: messages.length, messages };
  },
});

export const queueCancel = defineRequest({
  summary: "Cancels a message not yet sent and answers with its final status.",
  body: z.strictObject({ id: messageId() }),
  expected: 'like {"id": "<message id>"}',
  async handle({ id }, ctx): Promise<StatusPayload> {
    const origin = ctx.service.originOf(id);
    // Other doors' messages, alerts and replies look like unknown ids: their existence stays private.
    if (!ctx.admin && origin !== undefined && origin !== ctx.origin)
      throw new SmsgwError("sms.not-found", `no message with id "${id}"`);
    const m = await ctx.service.cancel(id);
    if (m === undefined) throw new SmsgwError("sms.not-found", `no message with id "${id}"`);
    if (m.status !== "cancelled")
      throw new SmsgwError("sms.not-cancellable", `message "${id}" is already ${m.status}`);
    return statusPayload(m);
  },
});
