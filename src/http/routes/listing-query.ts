import { z } from "zod";
import { normaliseNumber } from "../../sms/numbers.js";
import type { OutboundStatus } from "../../sms/types.js";

/** The query parameters of the listings, validated with these and described by them. */

const STATUSES: readonly OutboundStatus[] = [
  "queued",
  "sending",
  "sent",
  "delivered",
  "failed",
  "expired",
  "cancelled",
];

const number = z.string().transform((s, ctx) => {
  try {
    return normaliseNumber(s).number;
  } catch (err) {
    ctx.addIssue({ code: "custom", message: (err as Error).message });
    return z.NEVER;
  }
});

const common = {
  since: z.iso
    .datetime({ offset: true, error: "must be an ISO 8601 time, e.g. 2025-06-01T08:00:00Z" })
    .transform((s) => Date.parse(s))
    .optional()
    .describe("Only messages made (received) at or after this ISO 8601 time"),
  limit: z.coerce
    .number({ error: "must be a whole number, 1 to 500" })
    .int("must be a whole number, 1 to 500")
    .min(1, "must be a whole number, 1 to 500")
    .max(500, "must be a whole number, 1 to 500")
    .default(50)
    .describe("Messages per page, 1 to 500"),
  cursor: z.string().min(1).optional().describe("The `nextCursor` of the previous page"),
};

export const messagesQuery = z.strictObject({
  ...common,
  status: z
    .string()
    .transform((s, ctx) => {
      const list = s.split(",").map((x) => x.trim());
      const bad = list.filter((x) => !(STATUSES as readonly string[]).includes(x));
      if (bad.length > 0)
        ctx.addIssue({
          code: "custom",
          message: `unknown status ${bad.join(", ")}; known: ${STATUSES.join(", ")}`,
        });
      return list as OutboundStatus[];
    })
    .optional()
    .describe(`A comma list of states: ${STATUSES.join(", ")}`),
  to: number.optional().describe("Only messages to this number (any form)"),
});

export const inboxQuery = z.strictObject({
  ...common,
  from: z.string().min(1).optional().describe("Only messages from this sender"),
});
