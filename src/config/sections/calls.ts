import { z } from "zod";
import { normaliseNumber } from "../../sms/numbers.js";
import { text } from "./fields.js";

/** Incoming voice calls (no audio): events, hanging up, the missed-call counter. */
export const callsSchema = z.strictObject({
  enabled: z
    .boolean()
    .default(true)
    .describe("Report incoming calls (<base>/call, Home Assistant) and count missed ones"),
  rejectUnknown: z
    .boolean()
    .default(false)
    .describe("Hang up at once on callers that are neither contacts nor in allowed"),
  hangUpAfterRings: z
    .number()
    .int("must be a whole number")
    .min(0, "must be 0 (never) or more")
    .default(0)
    .describe("Hang up after this many rings; 0 lets it ring until the caller gives up"),
  allowed: z
    .array(
      text().transform((v, ctx) => {
        try {
          return normaliseNumber(v).number;
        } catch (err) {
          ctx.addIssue({ code: "custom", message: (err as Error).message });
          return z.NEVER;
        }
      }),
    )
    .default([])
    .describe("Numbers that count as known callers besides the contacts"),
});
