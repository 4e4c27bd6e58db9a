import { validate as validCron } from "node-cron";
import { z } from "zod";
import { withRenamedKeys } from "../util/renamed-keys.js";
import { secret } from "../util/secret.js";
import { isTimeZone } from "./clock.js";
import { parseCommandPattern, restArgNames } from "./command-pattern.js";
import { placeholders } from "./template.js";
import { validateTopicFilter } from "./topic-filter.js";
import { decodeBase32 } from "./totp.js";

/**
 * The automation section of the configuration: contacts and groups, SMS commands
 * and who may run them, sensor alerts, schedules, forwarding and auto-reply. Objects are strict
 * so a typo is an error with its path. `src/config/schema.ts` takes it as `automation:`; everything has a default, so an absent section means "no automation".
 */

/** YAML reads `pin: 1234` or a number without quotes as a number; both are text here. */
const text = () => z.preprocess((v) => (typeof v === "number" ? String(v) : v), z.string());
const ident = z
  .string()
  .regex(
    /^[A-Za-z0-9][A-Za-z0-9_.-]*$/,
    "letters, digits, _ . - (starting with a letter or digit)",
  );
const seconds = () => z.number().positive("must be a positive number of seconds");
const timeZone = z.string().refine(isTimeZone, "an IANA time zone such as Europe/Berlin");
const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, "a time of day as HH:MM");
const priority = z.enum(["high", "normal", "low"]);
/** Numbers, contact names or group names (a group sends one message per member). */
const recipients = z.array(text().pipe(z.string().min(1))).min(1, "name at least one recipient");
const regex = z.string().refine((s) => {
  try {
    new RegExp(s);
    return true;
  } catch {
    return false;
  }
}, "not a valid regular expression");
const topicFilter = z.string().superRefine((f, ctx) => {
  const problem = validateTopicFilter(f);
  if (problem !== undefined) ctx.addIssue({ code: "custom", message: problem });
});
const base32Secret = secret(
  text().refine((s) => {
    try {
      return decodeBase32(s).length >= 10;
    } catch {
      return false;
    }
  }, "a base32 secret of at least 16 characters (80 bits), as authenticator apps use"),
);

const quietHoursSchema = z.strictObject({
  start: hhmm.describe("Start of the quiet hours, local time HH:MM"),
  end: hhmm.describe("End of the quiet hours, local time HH:MM (may be after midnight)"),
  /** Default: the system's time zone. */
  timeZone: timeZone
    .optional()
    .describe("IANA time zone such as Europe/Berlin; default: the system's"),
});

const contactsSchema = z.strictObject({
  /** name → phone number. */
  numbers: z
    .record(ident, text().pipe(z.string().min(1)))
    .default({})
    .describe("Contact name → phone number"),
  /** group → members (contact names or numbers). */
  groups: z
    .record(ident, z.array(text().pipe(z.string().min(1))).min(1))
    .default({})
    .describe("Group name → members (contact names or numbers); a group sends one SMS per member"),
});

const valueSourceSchema = z.strictObject({
  topic: topicFilter.describe("MQTT topic whose latest message is the value"),
  /** Field of a JSON payload (`temperature`, `sensors[0].value`); omit for the raw payload. */
  path: z
    .string()
    .min(1)
    .optional()
    .describe("Field of a JSON payload (temperature, sensors[0].value); omit for the raw payload"),
});

const publishSchema = z.strictObject({
  /** Template: `home/relay/{{name}}/set`. */
  topic: z.string().min(1).describe("Topic template, e.g. home/relay/{{name}}/set"),
  /** Template: `{{state}}` or `{"state": {{state|json}}}`. */
  payload: z
    .string()
    .default("")
    .describe("Payload template, e.g. {{state}} or a JSON literal with {{state|json}}"),
  qos: z
    .union([z.literal(0), z.literal(1)])
    .default(1)
    .describe("MQTT QoS of the publish (0 or 1)"),
  retain: z.boolean().default(false).describe("Publish retained"),
});

const commandSchema = z
  .strictObject({
    name: ident.describe("Command name, used in allow lists"),
    /** `RELAY <name> <state:ON|OFF>`, `TEMP?`, `HEAT <minutes:int>`, `SAY <text...>`. */
    pattern: z
      .string()
      .superRefine((p, ctx) => {
        try {
          parseCommandPattern(p);
        } catch (err) {
          ctx.addIssue({
            code: "custom",
            message: err instanceof Error ? err.message : String(err),
          });
        }
      })
      .describe(
        "What the SMS must say: RELAY <name> <state:ON|OFF>, TEMP?, HEAT <minutes:int>, SAY <text...>",
      ),
    description: z.string().optional().describe("Shown by HELP"),
    /** Whether the one-time code / PIN is required (default yes). */
    secret: z.boolean().default(true).describe("Whether the one-time code or PIN is required"),
    publish: z
      .array(publishSchema)
      .default([])
      .describe("MQTT messages published when the command runs"),
    /** Latest values of MQTT topics, usable in `reply` as `{{<key>}}`. */
    values: z
      .record(ident, valueSourceSchema)
      .default({})
      .describe("Latest values of MQTT topics, usable in reply as {{<key>}}"),
    reply: z.string().min(1).default("OK").describe("Reply template sent to the sender"),
  })
  .superRefine((c, ctx) => {
    // The rest of an SMS may hold `/`: in a topic it would add levels the owner never wrote.
    let rest: string[];
    try {
      rest = restArgNames(parseCommandPattern(c.pattern));
    } catch {
      return; // reported on `pattern`
    }
    c.publish.forEach((p, i) => {
      const used = placeholders(p.topic).find((k) => rest.includes(k.replace(/^args\./, "")));
      if (used !== undefined)
        ctx.addIssue({
          code: "custom",
          path: ["publish", i, "topic"],
          message: `"${used}" is the rest of the message: use it in the payload, not in a topic`,
        });
    });
  });

const totpSchema = z.strictObject({
  secret: base32Secret.describe(
    "Base32 secret, as authenticator apps use (at least 16 characters)",
  ),
  digits: z
    .union([z.literal(6), z.literal(7), z.literal(8)])
    .default(6)
    .describe("Code length"),
  periodSeconds: z.number().int().positive().default(30).describe("Time step in seconds"),
  algorithm: z.enum(["sha1", "sha256", "sha512"]).default("sha1").describe("HMAC algorithm"),
  /** Time steps accepted either side of now (clock drift, SMS delay). */
  window: z
    .number()
    .int()
    .min(0)
    .max(10)
    .default(2)
    .describe("Time steps accepted either side of now (clock drift, SMS delay)"),
});

const hotpSchema = z.strictObject({
  secret: base32Secret.describe("Base32 secret (at least 16 characters)"),
  digits: z
    .union([z.literal(6), z.literal(7), z.literal(8)])
    .default(6)
    .describe("Code length"),
  algorithm: z.enum(["sha1", "sha256", "sha512"]).default("sha1").describe("HMAC algorithm"),
  /** Codes ahead of the last accepted counter that are still accepted (RFC 4226 §7.4). */
  lookAhead: z
    .number()
    .int()
    .min(1)
    .max(100)
    .default(10)
    .describe("Codes ahead of the last accepted counter that are still accepted"),
});

const userSchema = z
  .strictObject({
    /** A contact name or a number. */
    who: text().pipe(z.string().min(1)).describe("A contact name or a phone number"),
    /** Command names (including status, help, ping) this sender may run; `*` = all. */
    allow: z
      .array(z.string().min(1))
      .min(1)
      .describe("Command names (including status, help, ping) this sender may run; * = all"),
    totp: totpSchema
      .optional()
      .describe("Time-based one-time codes (RFC 6238); each code is accepted once"),
    hotp: hotpSchema
      .optional()
      .describe("Counter-based one-time codes (RFC 4226); each code is accepted once"),
    /** Static PIN, for owners who prefer convenience over replay protection. */
    pin: secret(text().pipe(z.string().regex(/^\d{4,12}$/, "a PIN is 4 to 12 digits")))
      .optional()
      .describe("Static PIN of 4–12 digits: convenient, but anyone who saw it can replay it"),
  })
  .superRefine((u, ctx) => {
    const n = [u.totp, u.hotp, u.pin].filter((x) => x !== undefined).length;
    if (n > 1) ctx.addIssue({ code: "custom", message: "choose one of totp, hotp or pin" });
  });

const builtinSchema = (secret: boolean) =>
  z
    .strictObject({
      enabled: z.boolean().default(true).describe("Whether the built-in command answers"),
      secret: z.boolean().default(secret).describe("Whether it needs the code or PIN"),
    })
    .prefault({});

const securityObject = z.strictObject({
  users: z
    .array(userSchema)
    .default([])
    .describe("Who may run which commands, and their second factor"),
  builtins: z
    .strictObject({
      status: builtinSchema(true).describe("STATUS: signal, operator, uptime, queue and counters"),
      help: builtinSchema(false).describe("HELP: the patterns this sender may run"),
      ping: builtinSchema(false).describe("PING: answers PONG"),
    })
    .prefault({})
    .describe("The built-in commands"),
  lockout: withRenamedKeys(
    z.strictObject({
      threshold: z
        .number()
        .int()
        .positive()
        .default(5)
        .describe("Failures within windowSeconds that lock a sender out"),
      windowSeconds: seconds()
        .default(15 * 60)
        .describe("Window in seconds over which failures count"),
      durationSeconds: seconds()
        .default(60 * 60)
        .describe("Lockout length in seconds"),
      backoffAfter: z
        .number()
        .int()
        .positive()
        .default(10)
        .describe(
          "Failures (since the last success, however slow) after which every further failure locks, for durationSeconds doubling each time (at most 7 days)",
        ),
    }),
    [
      { from: "windowMinutes", to: "windowSeconds", unit: "minutes" },
      { from: "durationMinutes", to: "durationSeconds", unit: "minutes" },
    ],
  )
    .prefault({})
    .describe("Lockout after repeated failures (stored, survives restarts)"),
  rateLimit: z
    .strictObject({
      /** Command messages accepted from one sender per hour; more are ignored. */
      commandsPerHour: z
        .number()
        .int()
        .positive()
        .default(30)
        .describe("Command messages accepted from one sender per rolling hour"),
      /** Replies to commands sent per hour in total (auto-replies have their own budget). */
      repliesPerHour: z
        .number()
        .int()
        .positive()
        .default(60)
        .describe("Replies to commands the gateway sends per rolling hour"),
      autoRepliesPerHour: z
        .number()
        .int()
        .positive()
        .default(20)
        .describe(
          "Auto-replies sent per hour in total: their own budget, so strangers can't use up command replies",
        ),
    })
    .prefault({})
    .describe("Rate limits of commands and replies"),
  /** Known senders get a short reason when refused (the reply goes to the real owner). */
  replyOnFailure: z
    .boolean()
    .default(true)
    .describe("Known senders get a short reason when refused"),
  /** Commands older than this (e.g. found in the queue after a restart) are not run. */
  maxCommandAgeSeconds: seconds()
    .default(10 * 60)
    .describe("Commands older than this many seconds (e.g. queued during an outage) are not run"),
});
/** Durations were once in minutes: the old key still works (deprecated). */
const securitySchema = withRenamedKeys(securityObject, [
  { from: "maxCommandAgeMinutes", to: "maxCommandAgeSeconds", unit: "minutes" },
]);

const alertRuleObject = z
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
const alertRuleSchema = withRenamedKeys(alertRuleObject, [
  { from: "silentMinutes", to: "silentSeconds", unit: "minutes" },
  { from: "cooldownMinutes", to: "cooldownSeconds", unit: "minutes" },
  { from: "repeatMinutes", to: "repeatSeconds", unit: "minutes" },
]);

const scheduleBase = {
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

const scheduleSchema = z.discriminatedUnion("type", [
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

const senderMatch = {
  /** Glob on the sender (`+49170*`, `*`, `Vodafone`), a contact or a group name. */
  from: z
    .string()
    .min(1)
    .default("*")
    .describe("Glob on the sender (+49170*, *, Vodafone), a contact or a group name"),
  /** Regular expression on the text (case-insensitive). */
  text: regex.optional().describe("Regular expression on the text, case-insensitive"),
};

const forwardSchema = z.strictObject({
  name: ident.describe("Rule name"),
  ...senderMatch,
  to: recipients.describe("Numbers, contact names or group names"),
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
});

const autoReplyObject = z.strictObject({
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
const autoReplySchema = withRenamedKeys(autoReplyObject, [
  { from: "cooldownMinutes", to: "cooldownSeconds", unit: "minutes" },
]);

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
  })
  .superRefine((c, ctx) => {
    unique(c.commands, ["commands"], ctx, ["status", "help", "ping"]);
    unique(c.alerts.rules, ["alerts", "rules"], ctx);
    unique(c.schedules, ["schedules"], ctx);
    unique(c.forwarding, ["forwarding"], ctx);
    unique(c.autoReply, ["autoReply"], ctx);
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
