import { z } from "zod";
import { withRenamedKeys } from "../../util/renamed-keys.js";
import { ident, priority, quietHoursSchema, recipients, seconds, topicFilter } from "./fields.js";

/** `automation.alerts`: sensor alert rules. */

export const alertRuleObject = z
  .strictObject({
    name: ident.describe("Rule name"),
    topic: topicFilter.describe(
      "MQTT topic filter; wildcards allowed (one alert per matching topic)",
    ),
    /** JSON field path; omit to read the payload itself as the value. */
    value: z
      .string()
      .min(1)
      .optional()
      .describe("JSON field path; omit to read the payload itself as the value"),
    condition: z
      .enum([">", "<", ">=", "<=", "==", "!=", "changed", "silent"])
      .describe("> < >= <= == != changed silent"),
    threshold: z
      .union([z.number(), z.string()])
      .optional()
      .describe("The value compared with (a number for > < >= <=)"),
    /** Distance back across the threshold before the alert counts as recovered. */
    hysteresis: z
      .number()
      .min(0)
      .default(0)
      .describe("Distance back across the threshold before the alert counts as recovered"),
    /** The condition must hold this long before the alert fires. */
    forSeconds: z
      .number()
      .min(0)
      .default(0)
      .describe("Seconds the condition must hold before the alert fires"),
    silentSeconds: seconds()
      .optional()
      .describe("For silent: seconds without a message that raise the alert"),
    /** No new alert of this rule (per topic) within this time after one was sent. */
    cooldownSeconds: z
      .number()
      .min(0)
      .default(15 * 60)
      .describe("Seconds after an alert during which this rule (per topic) sends no new one"),
    /** While still active, send the alert again this often. */
    repeatSeconds: seconds()
      .optional()
      .describe("While still active, send the alert again every this many seconds"),
    message: z
      .string()
      .min(1)
      .describe("Alert text template ({{value}}, {{topic}}, {{threshold}}, …)"),
    /** Sent when the condition ends (not for `changed`). */
    recovery: z
      .string()
      .min(1)
      .optional()
      .describe("Text sent when the condition ends (not for changed)"),
    priority: priority.default("normal").describe("high | normal | low; high ignores quiet hours"),
    to: recipients.describe("Numbers, contact names or group names"),
    /** Overrides `alerts.quietHours`; `false` = none for this rule. */
    quietHours: z
      .union([quietHoursSchema, z.literal(false)])
      .optional()
      .describe("Overrides alerts.quietHours; false = none for this rule"),
  })
  .superRefine((r, ctx) => {
    const numeric = [">", "<", ">=", "<="].includes(r.condition);
    if (numeric && typeof r.threshold !== "number")
      ctx.addIssue({
        code: "custom",
        path: ["threshold"],
        message: `"${r.condition}" needs a numeric threshold`,
      });
    if ((r.condition === "==" || r.condition === "!=") && r.threshold === undefined)
      ctx.addIssue({
        code: "custom",
        path: ["threshold"],
        message: `"${r.condition}" needs a threshold`,
      });
    if (r.condition === "silent" && r.silentSeconds === undefined)
      ctx.addIssue({
        code: "custom",
        path: ["silentSeconds"],
        message: '"silent" needs silentSeconds',
      });
  });
/** Durations were once in minutes: the old keys still work (deprecated). */
export const alertRuleSchema = withRenamedKeys(alertRuleObject, [
  { from: "silentMinutes", to: "silentSeconds", unit: "minutes" },
  { from: "cooldownMinutes", to: "cooldownSeconds", unit: "minutes" },
  { from: "repeatMinutes", to: "repeatSeconds", unit: "minutes" },
]);
