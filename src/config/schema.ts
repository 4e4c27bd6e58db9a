import { hostname } from "node:os";
import { z } from "zod";
import { automationSchema } from "../automation/config-schema.js";
import { isSmsgwError } from "../errors.js";
import { normaliseNumber } from "../sms/numbers.js";
import { defaultSmsOptions } from "../sms/options.js";
import { allowedCountryProblem } from "../sms/policy/destination-policy.js";

/**
 * The gateway's configuration: this schema is the single source of truth for validation,
 * defaults and the TypeScript type (`Config`). Objects are strict so a typo in a key is an
 * error with its path, not a silently ignored setting. User-facing durations are seconds.
 */

/** YAML reads `pin: 1234` as a number; a PIN, a phone number or a name is text. */
const text = () => z.preprocess((v) => (typeof v === "number" ? String(v) : v), z.string());

const seconds = (def: number) =>
  z.number().positive("must be a positive number of seconds").default(def);
const count = () => z.number().int("must be a whole number").positive("must be at least 1");
const gpioLevel = z.union([z.literal(0), z.literal(1)], { error: "must be 0 or 1" });
const bcmPin = z.number().int().min(0, "BCM pins are 0–27").max(27, "BCM pins are 0–27");

const powerSchema = z.strictObject({
  /** BCM number of PWRKEY (Waveshare SIM7600 HAT: 6; SIM868 HAT: 4). */
  pwrkeyPin: bcmPin,
  /** Level that presses the key (Waveshare HATs invert it: 1). */
  activeLevel: gpioLevel.default(1),
  /** PWRKEY pulse length; default: the module profile's. */
  pulseMs: z.number().int().positive().optional(),
  statusPin: bcmPin.optional(),
  statusOnLevel: gpioLevel.default(1),
});

const modemSchema = z.strictObject({
  /** `/dev/serial0`, `/dev/ttyUSB2`, `tcp://host:port` (ser2net, simulator) or `sim://SIM7600`. */
  port: z.string().min(1, "must not be empty").default("/dev/serial0"),
  baudRate: z.number().int().positive().default(115_200),
  /** SIM PIN; better from SMSGW_MODEM_PIN or `pinFile`. Never logged. */
  pin: text()
    .pipe(z.string().regex(/^\d{4,8}$/, "a SIM PIN is 4 to 8 digits"))
    .optional(),
  /** File holding the SIM PIN (first line), used when `pin` is not given. */
  pinFile: z.string().min(1).optional(),
  profile: z.enum(["auto", "sim800", "sim7600", "ec2x", "generic"]).default("auto"),
  allowRoaming: z.boolean().default(false),
  /**
   * Where the modem keeps received SMS (AT+CPMS): SM = the SIM card (the default; often only
   * 20–50 slots), ME = the module's own memory (more on LTE modules), MT = both.
   */
  storage: z
    .enum(["SM", "ME", "MT"], {
      error: "must be SM (the SIM card), ME (the modem's memory) or MT (both)",
    })
    .default("SM"),
  /** PWRKEY/STATUS on GPIO; leave out for USB modems. */
  power: powerSchema.optional(),
  healthIntervalSeconds: seconds(60),
});

const tlsSchema = z.strictObject({
  /** PEM files. */
  ca: z.string().min(1).optional(),
  cert: z.string().min(1).optional(),
  key: z.string().min(1).optional(),
  rejectUnauthorized: z.boolean().default(true),
});

const homeAssistantSchema = z.strictObject({
  enabled: z.boolean().default(true),
  discoveryPrefix: z
    .string()
    .regex(/^[^#+$/][^#+]*[^/]$|^[^#+$/]$/, "a topic prefix without wildcards or outer slashes")
    .default("homeassistant"),
  /** Where Home Assistant announces its restarts (discovery is republished on `online`). */
  statusTopic: z.string().min(1).default("homeassistant/status"),
});

/** Topic levels a fleet gateway id must not take: they are the flat layout's own names. */
const RESERVED_GATEWAY_IDS = [
  "fleet",
  "bridge",
  "send",
  "status",
  "received",
  "modem",
  "stats",
  "command",
];

/** `pi-3` from the host name `Pi-3`: one topic level of [a-z0-9_-]. */
function defaultGatewayId(): string {
  const id = hostname()
    .toLowerCase()
    .replace(/[^a-z0-9_-]+/g, "-")
    .replace(/^-+|-+$/g, "");
  return id === "" || RESERVED_GATEWAY_IDS.includes(id) ? "gateway" : id.slice(0, 64);
}

/**
 * Fleet mode: gateways with their own SIMs share `<base>/fleet/send` through a shared
 * subscription (`$share/<group>/…`; mosquitto 2 and EMQX accept it from MQTT 3.1.1 clients too,
 * so no protocol version is required), each keeping its own topics under `<base>/<gatewayId>`.
 */
const fleetSchema = z.strictObject({
  enabled: z.boolean().default(false),
  /** The share name: gateways with the same group split the requests. */
  group: z
    .string()
    .regex(/^[^/#+]+$/, "a share name: one topic level without / + or #")
    .default("smsgw"),
  /** This gateway's topic level under the base topic; unique in the fleet. */
  gatewayId: text()
    .pipe(
      z
        .string()
        .regex(/^[A-Za-z0-9_-]{1,64}$/, "1 to 64 characters of A-Z a-z 0-9 _ -")
        .refine((v) => !RESERVED_GATEWAY_IDS.includes(v.toLowerCase()), {
          message: `must not be one of ${RESERVED_GATEWAY_IDS.join(", ")} (topic names of their own)`,
        }),
    )
    .default(defaultGatewayId),
  members: z
    .array(
      z.strictObject({
        gatewayId: text().pipe(
          z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, "1 to 64 characters of A-Z a-z 0-9 _ -"),
        ),
        clientId: text().pipe(z.string().min(1).max(128)),
      }),
    )
    .default([])
    .describe(
      "the fleet's gateways ({gatewayId, clientId: its mqtt.clientId}): only their sessions are adopted when they die; empty = adopt none",
    ),
});

const MQTT_PROTOCOLS = ["mqtt:", "mqtts:", "tcp:", "ssl:", "tls:", "ws:", "wss:"];

const mqttSchema = z.strictObject({
  url: z
    .string()
    .refine(
      (u) => URL.canParse(u) && MQTT_PROTOCOLS.includes(new URL(u).protocol),
      "must be a URL like mqtt://host:1883, mqtts://host:8883 or ws://host/mqtt",
    )
    .default("mqtt://127.0.0.1:1883"),
  username: text().optional(),
  /** Better from SMSGW_MQTT_PASSWORD or `passwordFile`. Never logged. */
  password: text().optional(),
  passwordFile: z.string().min(1).optional(),
  baseTopic: z
    .string()
    .regex(
      /^[^#+$/](?:[^#+]*[^#+/])?$/,
      "a topic without wildcards (+ #), leading $ or slashes at either end",
    )
    .default("smsgw"),
  /** Stable across restarts so the broker keeps the session (and the requests queued in it). */
  clientId: text()
    .pipe(z.string().min(1).max(128))
    .default(() => `smsgw-${hostname().replace(/[^A-Za-z0-9_-]/g, "") || "gateway"}`),
  /** 4 = MQTT 3.1.1 (every broker), 5 = MQTT 5. */
  protocolVersion: z
    .union([z.literal(4), z.literal(5)], { error: "must be 4 (3.1.1) or 5" })
    .default(4),
  keepaliveSeconds: z.number().int().min(0).max(65_535).default(30),
  /** Reconnect backoff: doubles from min to max. */
  reconnect: z
    .strictObject({
      minMs: z.number().int().positive().default(1_000),
      maxMs: z.number().int().positive().default(60_000),
    })
    .prefault({}),
  tls: tlsSchema.optional(),
  /** Larger request payloads are refused with an error response before parsing. */
  maxPayloadBytes: z
    .number()
    .int()
    .min(1_024)
    .default(64 * 1024),
  /** `<base>/modem` is republished this often (and on every modem state change). */
  modemIntervalSeconds: seconds(60),
  homeassistant: homeAssistantSchema.prefault({}),
  fleet: fleetSchema.prefault({}),
  allowQueueAdmin: z
    .boolean()
    .default(false)
    .describe(
      "let queue/list show every queued message with its text and queue/cancel cancel any; off: only messages sent over MQTT, listed without text",
    ),
});

/** Messages per window sent at most (later ones wait); 0 = no limit. */
const sendLimit = (def: number, window: string) =>
  z
    .number()
    .int("must be a whole number")
    .min(0, "0 (no limit) or more")
    .default(def)
    .describe(`SMS sent per rolling ${window} at most; more wait (0 = no limit)`);

const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, "a time of day as HH:MM");

const smsSchema = z.strictObject({
  maxParts: z.number().int().min(1).max(255).default(defaultSmsOptions.maxParts),
  ttlSeconds: seconds(defaultSmsOptions.ttlSeconds),
  deliveryReports: z.boolean().default(defaultSmsOptions.deliveryReports),
  deliveryReportWaitSeconds: seconds(defaultSmsOptions.deliveryReportWaitMs / 1000),
  rateLimits: z
    .strictObject({
      perMinute: sendLimit(10, "minute"),
      perHour: sendLimit(100, "hour"),
      perDay: sendLimit(500, "day"),
    })
    .prefault({}),
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
      start: hhmm,
      end: hhmm,
      days: z
        .array(z.number().int().min(0).max(6, "days are 0 (Sunday) … 6 (Saturday)"))
        .optional(),
    })
    .optional(),
  retry: z
    .strictObject({
      baseSeconds: seconds(defaultSmsOptions.retry.baseMs / 1000),
      maxSeconds: seconds(defaultSmsOptions.retry.maxMs / 1000),
      maxAttempts: count().default(defaultSmsOptions.retry.maxAttempts),
    })
    .prefault({}),
  reassemblyTimeoutSeconds: seconds(defaultSmsOptions.reassemblyTimeoutMs / 1000),
  queueCapacity: count().default(defaultSmsOptions.queueCapacity),
  /** 0 = sweep the SIM only at start and when it is nearly full. */
  sweepIntervalSeconds: z
    .number()
    .min(0)
    .default(defaultSmsOptions.sweepIntervalMs / 1000),
  historyRetentionDays: z.number().positive().default(defaultSmsOptions.historyRetentionDays),
});

const contactSchema = z.strictObject({
  /** Shown in Home Assistant (one notify entity per contact). */
  name: z.string().min(1).max(64),
  /** Normalised as the SMS service does (`+49 170 …` → `+49170…`); invalid numbers are refused. */
  number: text().transform((v, ctx) => {
    try {
      return normaliseNumber(v).number;
    } catch (err) {
      ctx.addIssue({ code: "custom", message: isSmsgwError(err) ? err.message : String(err) });
      return z.NEVER;
    }
  }),
});

export const configSchema = z
  .strictObject({
    modem: modemSchema.prefault({}),
    mqtt: mqttSchema.prefault({}),
    store: z.strictObject({ dir: z.string().min(1).default("./data") }).prefault({}),
    sms: smsSchema.prefault({}),
    contacts: z.array(contactSchema).default([]),
    automation: automationSchema.prefault({}),
    log: z
      .strictObject({
        level: z
          .enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"])
          .default("info"),
      })
      .prefault({}),
  })
  .superRefine((c, ctx) => {
    if (c.mqtt.reconnect.maxMs < c.mqtt.reconnect.minMs)
      ctx.addIssue({
        code: "custom",
        path: ["mqtt", "reconnect", "maxMs"],
        message: "must be ≥ minMs",
      });
    const names = new Set<string>();
    c.contacts.forEach((k, i) => {
      const key = k.name.toLowerCase();
      if (names.has(key))
        ctx.addIssue({
          code: "custom",
          path: ["contacts", i, "name"],
          message: `"${k.name}" is listed twice`,
        });
      names.add(key);
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
export type Contact = Config["contacts"][number];
