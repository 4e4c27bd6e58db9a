import { validate as validCron } from "node-cron";
import { z } from "zod";
import { secret } from "../config/secret.js";
import { isTimeZone } from "./clock.js";
import { parseCommandPattern, restArgNames } from "./command-pattern.js";
import { placeholders } from "./template.js";
import { validateTopicFilter } from "./topic-filter.js";
import { decodeBase32 } from "./totp.js";

/**
 * The automation section of the configuration (issue 7): contacts and groups, SMS commands
 * and who may run them, sensor alerts, schedules, forwarding and auto-reply. Objects are strict
 * so a typo is an error with its path. The lead merges this as `automation:` into the main
 * schema; everything has a default, so an absent section means "no automation".
 */

/** YAML reads `pin: 1234` or a number without quotes as a number; both are text here. */
const text = () => z.preprocess((v) => (typeof v === "number" ? String(v) : v), z.string());
const ident = z
  .string()
  .regex(
    /^[A-Za-z0-9][A-Za-z0-9_.-]*$/,
    "letters, digits, _ . - (starting with a letter or digit)",
  );
const minutes = () => z.number().positive("must be a positive number of minutes");
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
  start: hhmm,
  end: hhmm,
  /** Default: the system's time zone. */
  timeZone: timeZone.optional(),
});

const contactsSchema = z.strictObject({
  /** name → phone number. */
  numbers: z.record(ident, text().pipe(z.string().min(1))).default({}),
  /** group → members (contact names or numbers). */
  groups: z.record(ident, z.array(text().pipe(z.string().min(1))).min(1)).default({}),
});

const valueSourceSchema = z.strictObject({
  topic: topicFilter,
  /** Field of a JSON payload (`temperature`, `sensors[0].value`); omit for the raw payload. */
  path: z.string().min(1).optional(),
});

const publishSchema = z.strictObject({
  /** Template: `home/relay/{{name}}/set`. */
  topic: z.string().min(1),
  /** Template: `{{state}}` or `{"state": {{state|json}}}`. */
  payload: z.string().default(""),
  qos: z.union([z.literal(0), z.literal(1)]).default(1),
  retain: z.boolean().default(false),
});

const commandSchema = z
  .strictObject({
    name: ident,
    /** `RELAY <name> <state:ON|OFF>`, `TEMP?`, `HEAT <minutes:int>`, `SAY <text...>`. */
    pattern: z.string().superRefine((p, ctx) => {
      try {
        parseCommandPattern(p);
      } catch (err) {
        ctx.addIssue({ code: "custom", message: err instanceof Error ? err.message : String(err) });
      }
    }),
    description: z.string().optional(),
    /** Whether the one-time code / PIN is required (default yes). */
    secret: z.boolean().default(true),
    publish: z.array(publishSchema).default([]),
    /** Latest values of MQTT topics, usable in `reply` as `{{<key>}}`. */
    values: z.record(ident, valueSourceSchema).default({}),
    reply: z.string().min(1).default("OK"),
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
  secret: base32Secret,
  digits: z.union([z.literal(6), z.literal(7), z.literal(8)]).default(6),
  periodSeconds: z.number().int().positive().default(30),
  algorithm: z.enum(["sha1", "sha256", "sha512"]).default("sha1"),
  /** Time steps accepted either side of now (clock drift, SMS delay). */
  window: z.number().int().min(0).max(10).default(2),
});

const hotpSchema = z.strictObject({
  secret: base32Secret,
  digits: z.union([z.literal(6), z.literal(7), z.literal(8)]).default(6),
  algorithm: z.enum(["sha1", "sha256", "sha512"]).default("sha1"),
  /** Codes ahead of the last accepted counter that are still accepted (RFC 4226 §7.4). */
  lookAhead: z.number().int().min(1).max(100).default(10),
});

const userSchema = z
  .strictObject({
    /** A contact name or a number. */
    who: text().pipe(z.string().min(1)),
    /** Command names (including status, help, ping) this sender may run; `*` = all. */
    allow: z.array(z.string().min(1)).min(1),
    totp: totpSchema.optional(),
    hotp: hotpSchema.optional(),
    /** Static PIN, for owners who prefer convenience over replay protection. */
    pin: secret(text().pipe(z.string().regex(/^\d{4,12}$/, "a PIN is 4 to 12 digits"))).optional(),
  })
  .superRefine((u, ctx) => {
    const n = [u.totp, u.hotp, u.pin].filter((x) => x !== undefined).length;
    if (n > 1) ctx.addIssue({ code: "custom", message: "choose one of totp, hotp or pin" });
  });

const builtinSchema = (secret: boolean) =>
  z
    .strictObject({ enabled: z.boolean().default(true), secret: z.boolean().default(secret) })
    .prefault({});

const securitySchema = z.strictObject({
  users: z.array(userSchema).default([]),
  builtins: z
    .strictObject({
      status: builtinSchema(true),
      help: builtinSchema(false),
      ping: builtinSchema(false),
    })
    .prefault({}),
  lockout: z
    .strictObject({
      threshold: z.number().int().positive().default(5),
      windowMinutes: minutes().default(15),
      durationMinutes: minutes().default(60),
      backoffAfter: z
        .number()
        .int()
        .positive()
        .default(10)
        .describe(
          "Failures (since the last success, however slow) after which every further failure locks, for durationMinutes doubling each time (at most 7 days)",
        ),
    })
    .prefault({}),
  rateLimit: z
    .strictObject({
      /** Command messages accepted from one sender per hour; more are ignored. */
      commandsPerHour: z.number().int().positive().default(30),
      /** Replies to commands sent per hour in total (auto-replies have their own budget). */
      repliesPerHour: z.number().int().positive().default(60),
      autoRepliesPerHour: z
        .number()
        .int()
        .positive()
        .default(20)
        .describe(
          "Auto-replies sent per hour in total: their own budget, so strangers can't use up command replies",
        ),
    })
    .prefault({}),
  /** Known senders get a short reason when refused (the reply goes to the real owner). */
  replyOnFailure: z.boolean().default(true),
  /** Commands older than this (e.g. found in the queue after a restart) are not run. */
  maxCommandAgeMinutes: minutes().default(10),
});

const alertRuleSchema = z
  .strictObject({
    name: ident,
    topic: topicFilter,
    /** JSON field path; omit to read the payload itself as the value. */
    value: z.string().min(1).optional(),
    condition: z.enum([">", "<", ">=", "<=", "==", "!=", "changed", "silent"]),
    threshold: z.union([z.number(), z.string()]).optional(),
    /** Distance back across the threshold before the alert counts as recovered. */
    hysteresis: z.number().min(0).default(0),
    /** The condition must hold this long before the alert fires. */
    forSeconds: z.number().min(0).default(0),
    silentMinutes: minutes().optional(),
    /** No new alert of this rule (per topic) within this time after one was sent. */
    cooldownMinutes: z.number().min(0).default(15),
    /** While still active, send the alert again this often. */
    repeatMinutes: minutes().optional(),
    message: z.string().min(1),
    /** Sent when the condition ends (not for `changed`). */
    recovery: z.string().min(1).optional(),
    priority: priority.default("normal"),
    to: recipients,
    /** Overrides `alerts.quietHours`; `false` = none for this rule. */
    quietHours: z.union([quietHoursSchema, z.literal(false)]).optional(),
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
    if (r.condition === "silent" && r.silentMinutes === undefined)
      ctx.addIssue({
        code: "custom",
        path: ["silentMinutes"],
        message: '"silent" needs silentMinutes',
      });
  });

const scheduleBase = {
  name: ident,
  /** node-cron expression (5 or 6 fields). */
  cron: z
    .string()
    .refine((c) => validCron(c), "not a valid cron expression (node-cron, 5 or 6 fields)"),
  timeZone: timeZone.optional(),
  /** A run that fell while the gateway was down: skip it, or run it once at start. */
  missed: z.enum(["skip", "run-once"]).default("skip"),
};

const scheduleSchema = z.discriminatedUnion("type", [
  z.strictObject({
    ...scheduleBase,
    type: z.literal("message"),
    to: recipients,
    text: z.string().min(1),
  }),
  z.strictObject({
    ...scheduleBase,
    type: z.literal("status-report"),
    to: recipients,
    text: z.string().min(1).optional(),
  }),
  z.strictObject({ ...scheduleBase, type: z.literal("housekeeping"), task: ident }),
]);

const senderMatch = {
  /** Glob on the sender (`+49170*`, `*`, `Vodafone`), a contact or a group name. */
  from: z.string().min(1).default("*"),
  /** Regular expression on the text (case-insensitive). */
  text: regex.optional(),
};

const forwardSchema = z.strictObject({
  name: ident,
  ...senderMatch,
  to: recipients,
  template: z.string().min(1).default("From {{from}}: {{text}}"),
  /** Also forward messages that were handled as commands (default no: they hold codes). */
  includeCommands: z.boolean().default(false),
  /**
   * SMS parts this rule forwards per rolling hour (a message to three recipients counts three;
   * a long message of 4 parts counts 4: parts are what costs); stops a ring of gateways, or a
   * forward to an auto-replier, from looping at SMS cost.
   */
  maxPerHour: z
    .number()
    .int("maxPerHour must be a whole number of SMS")
    .min(1, "maxPerHour must be at least 1")
    .default(30),
});

const autoReplySchema = z.strictObject({
  name: ident,
  ...senderMatch,
  reply: z.string().min(1),
  /** At most one auto-reply per sender in this time, so two bots never loop. */
  cooldownMinutes: minutes().default(24 * 60),
  allowUnknown: z
    .boolean()
    .default(false)
    .describe(
      "Let a pattern (`*`, `+33*`) answer senders who are not contacts. Off by default: anyone can forge a sender, and each answer to a number they choose costs an SMS (toll fraud)",
    ),
});

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
        "Country calling code (e.g. +49) of numbers written nationally (leading 0), in the config and from senders; without it such numbers match only digit for digit",
      ),
    contacts: contactsSchema.prefault({}),
    commands: z.array(commandSchema).default([]),
    alerts: z
      .strictObject({
        quietHours: quietHoursSchema.optional(),
        rules: z.array(alertRuleSchema).default([]),
      })
      .prefault({}),
    schedules: z.array(scheduleSchema).default([]),
    forwarding: z.array(forwardSchema).default([]),
    autoReply: z.array(autoReplySchema).default([]),
    security: securitySchema.prefault({}),
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
