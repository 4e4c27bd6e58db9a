import { z } from "zod";
import { automationSchema } from "../automation/config-schema.js";
import { isSmsgwError } from "../errors.js";
import { normaliseNumber } from "../sms/numbers.js";
import { contactId } from "./contact-id.js";
import { CONFIG_VERSION } from "./migrate.js";

/**
 * The gateway's configuration: this schema is the single source of truth for validation,
 * defaults and the TypeScript type (`Config`). Objects are strict so a typo in a key is an
 * error with its path, not a silently ignored setting. User-facing durations are seconds.
 */

import { balanceSchema } from "./sections/balance.js";
import { callsSchema } from "./sections/calls.js";
import { emailSchema } from "./sections/email.js";
import { text } from "./sections/fields.js";
import { httpSchema } from "./sections/http.js";
import { metricsSchema } from "./sections/metrics.js";
import { modemSchema } from "./sections/modem.js";
import { mqttSchema } from "./sections/mqtt.js";
import { smppSchema } from "./sections/smpp.js";
import { smsSchema } from "./sections/sms.js";
import { ussdSchema } from "./sections/ussd.js";
import { webhooksSchema } from "./sections/webhooks.js";

const contactSchema = z.strictObject({
  /** Shown in Home Assistant (one notify entity per contact). */
  name: z
    .string()
    .min(1)
    .max(64)
    .describe("Name shown in Home Assistant (one notify entity per contact)"),
  /** Normalised as the SMS service does (`+49 170 …` → `+49170…`); invalid numbers are refused. */
  number: text()
    .transform((v, ctx) => {
      try {
        return normaliseNumber(v).number;
      } catch (err) {
        ctx.addIssue({ code: "custom", message: isSmsgwError(err) ? err.message : String(err) });
        return z.NEVER;
      }
    })
    .describe("Phone number, normalised (+49 170 … → +49170…)"),
});

export const configSchema = z
  .strictObject({
    version: z
      .literal(CONFIG_VERSION, { error: `must be ${CONFIG_VERSION}` })
      .default(CONFIG_VERSION)
      .describe("Format of this file; older formats are migrated when it is read (1 = today's)"),
    modem: modemSchema.prefault({}).describe("The modem: port, SIM, power"),
    mqtt: mqttSchema.prefault({}).describe("The MQTT broker and the bridge's topics"),
    store: z
      .strictObject({
        dir: z
          .string()
          .min(1)
          .default("./data")
          .describe("Directory of the durable queue (relative to the working directory)"),
      })
      .prefault({})
      .describe("The durable local store"),
    sms: smsSchema.prefault({}).describe("Sending and receiving SMS"),
    http: httpSchema.prefault({}).describe("The HTTP API (off by default)"),
    ussd: ussdSchema.prefault({}).describe("USSD requests and menus (docs/ussd-and-calls.md)"),
    calls: callsSchema
      .prefault({})
      .describe("Incoming calls: events, hanging up, missed calls (docs/ussd-and-calls.md)"),
    balance: balanceSchema
      .optional()
      .describe("The SIM's prepaid credit, checked by USSD or the operator's SMS"),
    metrics: metricsSchema.prefault({}).describe("Prometheus metrics (off by default)"),
    smpp: smppSchema.prefault({}).describe("The SMPP 3.4 server (off by default; docs/smpp.md)"),
    webhooks: webhooksSchema
      .prefault({})
      .describe(
        "Webhooks: signed, durable calls when SMS arrive or change state (docs/webhooks.md)",
      ),
    email: emailSchema
      .prefault({})
      .describe("E-mail ⇄ SMS: an SMTP listener and mail through a relay (docs/email.md)"),
    contacts: z
      .array(contactSchema)
      .default([])
      .describe("People Home Assistant can text: one notify entity each"),
    automation: automationSchema
      .prefault({})
      .describe(
        "SMS commands, sensor alerts, schedules, forwarding, auto-reply (docs/automation.md)",
      ),
    log: z
      .strictObject({
        level: z
          .enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"])
          .default("info")
          .describe("Log level; debug shows the AT trace (PINs redacted)"),
      })
      .prefault({})
      .describe("Logging"),
  })
  .superRefine((c, ctx) => {
    if (c.mqtt.reconnect.maxSeconds < c.mqtt.reconnect.minSeconds)
      ctx.addIssue({
        code: "custom",
        path: ["mqtt", "reconnect", "maxSeconds"],
        message: "must be ≥ minSeconds",
      });
    const names = new Set<string>();
    const ids = new Map<string, number>();
    c.contacts.forEach((k, i) => {
      const key = k.name.toLowerCase();
      const id = contactId(k.name);
      const first = ids.get(id);
      if (names.has(key))
        ctx.addIssue({
          code: "custom",
          path: ["contacts", i, "name"],
          message: `"${k.name}" is listed twice`,
        });
      else if (first !== undefined)
        ctx.addIssue({
          code: "custom",
          path: ["contacts", i, "name"],
          message: `"${k.name}" has the same id (${id}) as "${c.contacts[first]?.name}" (contacts.${first}): Home Assistant would show only one; rename one of them`,
        });
      names.add(key);
      if (first === undefined) ids.set(id, i);
    });
    // A forward to a mailbox goes through the relay: without one it could never leave.
    if (c.email.relay.host === undefined)
      c.automation.forwarding.forEach((r, i) => {
        if (r.to?.some((t) => t.toLowerCase().startsWith("mailto:")))
          ctx.addIssue({
            code: "custom",
            path: ["automation", "forwarding", i, "to"],
            message: "a mailto: recipient needs email.relay.host",
          });
      });
  });

/** The validated configuration with every default filled in. */
export type Config = z.output<typeof configSchema>;
/** What a user may write (every key optional). */
export type ConfigInput = z.input<typeof configSchema>;
export type MqttConfig = Config["mqtt"];
export type ModemConfig = Config["modem"];
export type FleetConfig = Config["mqtt"]["fleet"];
export type SmsConfig = Config["sms"];
export type HttpConfig = Config["http"];
export type UssdConfig = Config["ussd"];
export type BalanceConfig = NonNullable<Config["balance"]>;
export type MetricsConfig = Config["metrics"];
export type SmppConfig = Config["smpp"];
export type WebhooksConfig = Config["webhooks"];
export type EmailConfig = Config["email"];
export type Contact = Config["contacts"][number];
