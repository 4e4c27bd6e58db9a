import { z } from "zod";
import { defaultSmsOptions } from "../../sms/options.js";
import { allowedCountryProblem } from "../../sms/policy/destination-policy.js";
import { count, seconds } from "./fields.js";

/** Messages per window sent at most (later ones wait); 0 = no limit. */
const sendLimit = (def: number, window: string) =>
  z
    .number()
    .int("must be a whole number")
    .min(0, "0 (no limit) or more")
    .default(def)
    .describe(`SMS sent per rolling ${window} at most; more wait (0 = no limit)`);

/** Keywords as a recipient types them: one word each, compared in any case. */
const keywordList = (def: readonly string[]) =>
  z
    .array(
      z
        .string()
        .trim()
        .min(1, "a keyword is not empty")
        .max(32, "a keyword has at most 32 characters")
        .regex(/^\S+$/, "a keyword is one word (no spaces)"),
    )
    .default([...def]);

const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, "a time of day as HH:MM");

export const smsSchema = z.strictObject({
  maxParts: z
    .number()
    .int()
    .min(1)
    .max(255)
    .default(defaultSmsOptions.maxParts)
    .describe("Longer texts are refused (sms.too-many-parts)"),
  ttlSeconds: seconds(defaultSmsOptions.ttlSeconds).describe(
    "A message is never sent later than this many seconds after it was queued",
  ),
  deliveryReports: z
    .boolean()
    .default(defaultSmsOptions.deliveryReports)
    .describe("Ask for delivery reports unless the request says otherwise"),
  deliveryReportWaitSeconds: seconds(defaultSmsOptions.deliveryReportWaitMs / 1000).describe(
    "How long, in seconds, a sent message waits for its delivery report",
  ),
  rateLimits: z
    .strictObject({
      perMinute: sendLimit(10, "minute"),
      perHour: sendLimit(100, "hour"),
      perDay: sendLimit(500, "day"),
    })
    .prefault({})
    .describe("Sending rate limits (0 turns one off)"),
  policy: z
    .strictObject({
      allowedCountries: z
        .union([z.literal("*"), z.array(z.string()).min(1, "name at least one country, or *")])
        .transform((v) => (v === "*" ? ["*"] : v))
        .superRefine((list, ctx) => {
          for (const [i, entry] of list.entries()) {
            const problem = allowedCountryProblem(entry);
            if (problem !== undefined)
              ctx.addIssue({ code: "custom", path: [i], message: problem });
          }
        })
        .default(["SIM"])
        .describe(
          'countries SMS may go to: ISO codes ("DE"), calling codes ("+49"), "SIM" (the SIM\'s country, from its IMSI) or "*" (all)',
        ),
      allowShortCodes: z
        .boolean()
        .default(false)
        .describe("allow sending to short codes (3–8 digit service numbers)"),
    })
    .prefault({})
    .describe("where SMS may go; premium, shared-cost and satellite ranges are always refused"),
  maxRecipients: count()
    .max(1_000, "at most 1000")
    .default(defaultSmsOptions.maxRecipients)
    .describe("most recipients in one send request (numbers)"),
  reservedQueuePercent: z
    .number()
    .min(0, "0 to 90 percent")
    .max(90, "0 to 90 percent")
    .default(defaultSmsOptions.reservedQueuePercent)
    .describe(
      "percent of queueCapacity kept for alerts and replies: MQTT (and other door) requests are refused when only this part is left",
    ),
  sendWindow: z
    .strictObject({
      start: hhmm.describe("Start of the window, local time HH:MM"),
      end: hhmm.describe("End of the window, local time HH:MM"),
      days: z
        .array(z.number().int().min(0).max(6, "days are 0 (Sunday) … 6 (Saturday)"))
        .optional()
        .describe("Days of the week, 0 (Sunday) … 6 (Saturday); default every day"),
    })
    .optional()
    .describe("Send only within this daily window; messages wait for it"),
  retry: z
    .strictObject({
      baseSeconds: seconds(defaultSmsOptions.retry.baseMs / 1000).describe(
        "First retry delay in seconds (doubling per attempt)",
      ),
      maxSeconds: seconds(defaultSmsOptions.retry.maxMs / 1000).describe(
        "Longest retry delay in seconds",
      ),
      maxAttempts: count()
        .default(defaultSmsOptions.retry.maxAttempts)
        .describe("Attempts before a temporary error fails the message"),
    })
    .prefault({})
    .describe("Retries after temporary errors"),
  reassemblyTimeoutSeconds: seconds(defaultSmsOptions.reassemblyTimeoutMs / 1000).describe(
    "After this many seconds a partial multipart is delivered, flagged incomplete",
  ),
  queueCapacity: count()
    .default(defaultSmsOptions.queueCapacity)
    .describe("Messages the live outbox holds; a full queue refuses new work (sms.queue-full)"),
  /** 0 = sweep the SIM only at start and when it is nearly full. */
  sweepIntervalSeconds: z
    .number()
    .min(0)
    .default(defaultSmsOptions.sweepIntervalMs / 1000)
    .describe(
      "SIM sweep for missed messages, in seconds; 0 = only at start and when the SIM is nearly full",
    ),
  historyRetentionDays: z
    .number()
    .positive()
    .default(defaultSmsOptions.historyRetentionDays)
    .describe("Finished messages are kept in the history log this many days"),
  optOut: z
    .strictObject({
      enabled: z
        .boolean()
        .default(defaultSmsOptions.optOut.enabled)
        .describe(
          "Keep an opt-out list: a stop keyword from a number adds it, a start keyword removes it, and low/normal sends to it fail with sms.opted-out unless `transactional`",
        ),
      stopKeywords: keywordList(defaultSmsOptions.optOut.stopKeywords).describe(
        "Whole-message keywords (any case) that put the sender on the opt-out list",
      ),
      startKeywords: keywordList(defaultSmsOptions.optOut.startKeywords).describe(
        "Whole-message keywords (any case) that take the sender off the opt-out list",
      ),
    })
    .prefault({})
    .describe("The opt-out list (off by default): STOP/START replies from recipients"),
});
