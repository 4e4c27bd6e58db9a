import { validate as validCron } from "node-cron";
import { z } from "zod";
import { withRenamedKeys } from "../../util/renamed-keys.js";
import { ident, recipients, regex, seconds, timeZone } from "./fields.js";
import { httpTargetSchema } from "./http-target.js";

/** `automation.schedules`, `forwarding` and `autoReply`: messages sent on a schedule or in answer to one. */

export const scheduleBase = {
  name: ident.describe("Job name"),
  /** node-cron expression (5 or 6 fields). */
  cron: z
    .string()
    .refine((c) => validCron(c), "not a valid cron expression (node-cron, 5 or 6 fields)")
    .describe("node-cron expression: 5 fields, or 6 with seconds first"),
  timeZone: timeZone
    .optional()
    .describe("IANA time zone of the cron expression; default: the system's"),
  /** A run that fell while the gateway was down: skip it, or run it once at start. */
  missed: z
    .enum(["skip", "run-once"])
    .default("skip")
    .describe("A run missed while the gateway was down: skip it, or run once at start"),
};

export const scheduleSchema = z.discriminatedUnion("type", [
  z.strictObject({
    ...scheduleBase,
    type: z.literal("message").describe("message: send text to the recipients"),
    to: recipients.describe("Numbers, contact names or group names"),
    text: z.string().min(1).describe("Message template ({{date}}, {{job}}, the status values)"),
  }),
  z.strictObject({
    ...scheduleBase,
    type: z.literal("status-report").describe("status-report: send the daily status"),
    to: recipients.describe("Numbers, contact names or group names"),
    text: z.string().min(1).optional().describe("Report template; default: Daily report: <status>"),
  }),
  z.strictObject({
    ...scheduleBase,
    type: z.literal("housekeeping").describe("housekeeping: run a maintenance task"),
    task: ident.describe("sim-sweep or history-retention"),
  }),
]);

export const senderMatch = {
  /** Glob on the sender (`+49170*`, `*`, `Vodafone`), a contact or a group name. */
  from: z
    .string()
    .min(1)
    .default("*")
    .describe("Glob on the sender (+49170*, *, Vodafone), a contact or a group name"),
  /** Regular expression on the text (case-insensitive). */
  text: regex.optional().describe("Regular expression on the text, case-insensitive"),
};

export const forwardSchema = z
  .strictObject({
    name: ident.describe("Rule name"),
    ...senderMatch,
    to: recipients.optional().describe("Numbers, contact names or group names (SMS forwarding)"),
    http: httpTargetSchema
      .optional()
      .describe("A legacy HTTP receiver (playSMS, RapidPro/Courier): docs/webhooks.md"),
    template: z
      .string()
      .min(1)
      .default("From {{from}}: {{text}}")
      .describe("Forwarded text template"),
    /** Also forward messages that were handled as commands (default no: they hold codes). */
    includeCommands: z
      .boolean()
      .default(false)
      .describe("Also forward messages handled as commands (they hold codes)"),
    /**
     * SMS parts this rule forwards per rolling hour (a message to three recipients counts three;
     * a long message of 4 parts counts 4: parts are what costs); stops a ring of gateways, or a
     * forward to an auto-replier, from looping at SMS cost.
     */
    maxPerHour: z
      .number()
      .int("maxPerHour must be a whole number of SMS")
      .min(1, "maxPerHour must be at least 1")
      .default(30)
      .describe(
        "SMS this rule forwards per rolling hour (a message to three recipients counts three)",
      ),
  })
  .superRefine((r, ctx) => {
    if (r.to === undefined && r.http === undefined)
      ctx.addIssue({
        code: "custom",
        path: ["to"],
        message: "name recipients (to), an http target, or both",
      });
  });

export const autoReplyObject = z.strictObject({
  name: ident.describe("Rule name"),
  ...senderMatch,
  reply: z.string().min(1).describe("Reply text"),
  /** At most one auto-reply per sender in this time, so two bots never loop. */
  cooldownSeconds: seconds()
    .default(24 * 60 * 60)
    .describe("At most one auto-reply per sender in this many seconds"),
  allowUnknown: z
    .boolean()
    .default(false)
    .describe(
      "Let a pattern (`*`, `+33*`) answer senders who are not contacts. Off by default: anyone can forge a sender, and each answer to a number they choose costs an SMS (toll fraud)",
    ),
});
/** Durations were once in minutes: the old key still works (deprecated). */
export const autoReplySchema = withRenamedKeys(autoReplyObject, [
  { from: "cooldownMinutes", to: "cooldownSeconds", unit: "minutes" },
]);
