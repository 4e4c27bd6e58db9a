import { z } from "zod";
import { alertRuleSchema } from "./config/alerts.js";
import { callTriggerSchema } from "./config/call-triggers.js";
import { commandSchema } from "./config/commands.js";
import { contactsSchema } from "./config/contacts.js";
import { quietHoursSchema, text } from "./config/fields.js";
import { autoReplySchema, forwardSchema, scheduleSchema } from "./config/messages.js";
import { onReceiveSchema } from "./config/on-receive.js";
import { securitySchema } from "./config/security.js";

/**
 * The automation section of the configuration: contacts and groups, SMS commands
 * and who may run them, sensor alerts, schedules, forwarding and auto-reply. Objects are strict
 * so a typo is an error with its path. `src/config/schema.ts` takes it as `automation:`; everything has a default, so an absent section means "no automation".
 */

export const automationSchema = z
  .strictObject({
    homeCountryCode: text()
      .pipe(
        z
          .string()
          .regex(/^\+?[1-9]\d{0,2}$/, "a country calling code such as +49")
          .transform((v) => v.replace(/^\+/, "")),
      )
      .optional()
      .describe(
        "Country calling code (e.g. +49) of numbers written nationally (leading 0), in the config and from senders; default: the SIM's country (from its IMSI), and until that is known such numbers match only digit for digit",
      ),
    contacts: contactsSchema
      .prefault({})
      .describe("Contacts and groups for recipients and senders"),
    commands: z.array(commandSchema).default([]).describe("Remote control by SMS"),
    alerts: z
      .strictObject({
        quietHours: quietHoursSchema
          .optional()
          .describe("Alerts below high priority are held during these hours"),
        rules: z.array(alertRuleSchema).default([]).describe("Alert rules"),
      })
      .prefault({})
      .describe("Sensor alerts by SMS"),
    schedules: z
      .array(scheduleSchema)
      .default([])
      .describe("Scheduled messages, status reports and housekeeping"),
    forwarding: z.array(forwardSchema).default([]).describe("Forwarding of received SMS"),
    autoReply: z.array(autoReplySchema).default([]).describe("Automatic replies"),
    security: securitySchema
      .prefault({})
      .describe("Who may run commands, second factor, lockout, limits"),
    onReceive: onReceiveSchema
      .prefault({})
      .describe(
        "A program run for each received SMS, with Gammu SMSD's variables (docs/webhooks.md)",
      ),
    callTriggers: z
      .array(callTriggerSchema)
      .default([])
      .describe(
        "Commands run by a call from an allowed caller (caller ID can be forged: a convenience, not security)",
      ),
  })
  .superRefine((c, ctx) => {
    unique(c.commands, ["commands"], ctx, ["status", "help", "ping"]);
    unique(c.alerts.rules, ["alerts", "rules"], ctx);
    unique(c.schedules, ["schedules"], ctx);
    unique(c.forwarding, ["forwarding"], ctx);
    unique(c.autoReply, ["autoReply"], ctx);
    unique(c.callTriggers, ["callTriggers"], ctx);
    c.callTriggers.forEach((t, i) => {
      if (!c.commands.some((cmd) => cmd.name.toLowerCase() === t.command.toLowerCase()))
        ctx.addIssue({
          code: "custom",
          path: ["callTriggers", i, "command"],
          message: `no command "${t.command}" in automation.commands`,
        });
    });
    for (const g of Object.keys(c.contacts.groups))
      if (Object.keys(c.contacts.numbers).some((n) => n.toLowerCase() === g.toLowerCase()))
        ctx.addIssue({
          code: "custom",
          path: ["contacts", "groups", g],
          message: `"${g}" is also a contact name`,
        });
  });

function unique(
  items: Array<{ name: string }>,
  path: Array<string | number>,
  ctx: z.RefinementCtx,
  reserved: string[] = [],
): void {
  const seen = new Set(reserved);
  items.forEach((it, i) => {
    const key = it.name.toLowerCase();
    if (seen.has(key))
      ctx.addIssue({
        code: "custom",
        path: [...path, i, "name"],
        message: reserved.includes(key)
          ? `"${it.name}" is a built-in command`
          : `"${it.name}" is used twice`,
      });
    seen.add(key);
  });
}

/** The validated automation configuration with every default filled in. */
export type AutomationConfig = z.output<typeof automationSchema>;
/** What a user may write. */
export type AutomationConfigInput = z.input<typeof automationSchema>;
export type CommandConfig = AutomationConfig["commands"][number];
export type UserConfig = AutomationConfig["security"]["users"][number];
export type AlertRuleConfig = AutomationConfig["alerts"]["rules"][number];
export type QuietHoursConfig = z.output<typeof quietHoursSchema>;
export type ScheduleConfig = AutomationConfig["schedules"][number];
export type ForwardConfig = AutomationConfig["forwarding"][number];
export type AutoReplyConfig = AutomationConfig["autoReply"][number];
export type SecurityConfig = AutomationConfig["security"];
export type CallTriggerConfig = AutomationConfig["callTriggers"][number];
