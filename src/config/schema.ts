import { hostname } from "node:os";
import { z } from "zod";
import { automationSchema } from "../automation/config-schema.js";
import { isSmsgwError } from "../errors.js";
import { normaliseNumber } from "../sms/numbers.js";
import { defaultSmsOptions } from "../sms/options.js";
import { allowedCountryProblem } from "../sms/policy/destination-policy.js";
import { withRenamedKeys } from "../util/renamed-keys.js";
import { secret } from "../util/secret.js";
import { contactId } from "./contact-id.js";
import { CONFIG_VERSION } from "./migrate.js";

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

const powerObject = z.strictObject({
  /** BCM number of PWRKEY (Waveshare SIM7600 HAT: 6; SIM868 HAT: 4). */
  pwrkeyPin: bcmPin.describe(
    "BCM number of the PWRKEY pin (Waveshare SIM7600 HAT: 6, SIM868 HAT: 4)",
  ),
  /** Level that presses the key (Waveshare HATs invert it: 1). */
  activeLevel: gpioLevel.default(1).describe("GPIO level (0 or 1) that presses PWRKEY"),
  /** PWRKEY pulse length; default: the module profile's. A key press is 0.1–3 s: fractions. */
  pulseSeconds: z
    .number()
    .min(0.01, "at least 0.01 seconds (10 ms)")
    .max(10, "at most 10 seconds")
    .optional()
    .describe(
      "PWRKEY pulse length in seconds, fractions allowed (0.5 = 500 ms); default: the module profile's",
    ),
  statusPin: bcmPin.optional().describe("BCM number of the module's STATUS output, if wired"),
  statusOnLevel: gpioLevel
    .default(1)
    .describe("GPIO level (0 or 1) of STATUS while the module is on"),
});
/** Durations were once in milliseconds here: the old key still works (deprecated). */
const powerSchema = withRenamedKeys(powerObject, [
  { from: "pulseMs", to: "pulseSeconds", unit: "ms" },
]);

const modemSchema = z.strictObject({
  /** `/dev/serial0`, `/dev/ttyUSB2`, `tcp://host:port` (ser2net, simulator) or `sim://SIM7600`. */
  port: z
    .string()
    .min(1, "must not be empty")
    .default("/dev/serial0")
    .describe(
      "Serial device, tcp://host:port (ser2net, smsgw simulate) or sim://SIM7600[?timing=realistic] (built-in simulator)",
    ),
  baudRate: z.number().int().positive().default(115_200).describe("Serial speed in bit/s"),
  /** SIM PIN; better from SMSGW_MODEM_PIN or `pinFile`. Never logged. */
  pin: secret(text().pipe(z.string().regex(/^\d{4,8}$/, "a SIM PIN is 4 to 8 digits")))
    .optional()
    .describe("SIM PIN (4–8 digits), entered at most once per boot; secret, never logged"),
  /** File holding the SIM PIN (first line), used when `pin` is not given. */
  pinFile: z
    .string()
    .min(1)
    .optional()
    .describe(
      "File whose first line is the SIM PIN (relative to the config file); used when pin is not given",
    ),
  profile: z
    .enum(["auto", "sim800", "sim7600", "ec2x", "generic"])
    .default("auto")
    .describe(
      "Module family: auto (detected from AT+CGMM/ATI), sim800 (also SIM868), sim7600, ec2x, generic",
    ),
  allowRoaming: z
    .boolean()
    .default(false)
    .describe("Whether registration while roaming counts as ready"),
  /**
   * Where the modem keeps received SMS (AT+CPMS): SM = the SIM card (the default; often only
   * 20–50 slots), ME = the module's own memory (more on LTE modules), MT = both.
   */
  storage: z
    .enum(["SM", "ME", "MT"], {
      error: "must be SM (the SIM card), ME (the modem's memory) or MT (both)",
    })
    .default("SM")
    .describe(
      "Where the modem keeps received SMS (AT+CPMS): SM the SIM card (often 20–50 slots), ME the module's memory, MT both",
    ),
  /** PWRKEY/STATUS on GPIO; leave out for USB modems. */
  power: powerSchema
    .optional()
    .describe(
      "PWRKEY/STATUS on GPIO, so a hung modem can be switched off and on; leave out for USB modems",
    ),
  healthIntervalSeconds: seconds(60).describe("Modem health check period in seconds"),
  networkTimeFile: z
    .string()
    .min(1)
    .optional()
    .describe(
      "File the gateway writes the network's time to (from AT+CCLK, checked against SC timestamps) for a privileged service that sets the system clock when NTP is unavailable; default: network-time in the unit's RuntimeDirectory when systemd gives one ($RUNTIME_DIRECTORY), else none",
    ),
});

const tlsSchema = z.strictObject({
  /** PEM files. */
  ca: z.string().min(1).optional().describe("CA certificate (PEM file) to verify the broker"),
  cert: z.string().min(1).optional().describe("Client certificate (PEM file)"),
  key: z.string().min(1).optional().describe("Client private key (PEM file)"),
  rejectUnauthorized: z
    .boolean()
    .default(true)
    .describe("Refuse a broker whose certificate does not verify"),
});

const homeAssistantSchema = z.strictObject({
  enabled: z.boolean().default(true).describe("Publish Home Assistant MQTT discovery"),
  discoveryPrefix: z
    .string()
    .regex(/^[^#+$/][^#+]*[^/]$|^[^#+$/]$/, "a topic prefix without wildcards or outer slashes")
    .default("homeassistant")
    .describe("Home Assistant's discovery prefix"),
  /** Where Home Assistant announces its restarts (discovery is republished on `online`). */
  statusTopic: z
    .string()
    .min(1)
    .default("homeassistant/status")
    .describe("Where Home Assistant announces its restarts; discovery is republished on online"),
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
  enabled: z
    .boolean()
    .default(false)
    .describe("Fleet mode: share <base>/fleet/send with the other gateways of the group"),
  /** The share name: gateways with the same group split the requests. */
  group: z
    .string()
    .regex(/^[^/#+]+$/, "a share name: one topic level without / + or #")
    .default("smsgw")
    .describe("Shared-subscription name: gateways with the same group split the requests"),
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
    .default(defaultGatewayId)
    .describe("This gateway's topic level under the base topic (default: the host name); unique"),
  members: z
    .array(
      z.strictObject({
        gatewayId: text()
          .pipe(z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, "1 to 64 characters of A-Z a-z 0-9 _ -"))
          .describe("The member's mqtt.fleet.gatewayId"),
        clientId: text()
          .pipe(z.string().min(1).max(128))
          .describe("The member's mqtt.clientId, whose session may be adopted when it dies"),
      }),
    )
    .default([])
    .describe(
      "the fleet's gateways ({gatewayId, clientId: its mqtt.clientId}): only their sessions are adopted when they die; empty = adopt none",
    ),
});

const MQTT_PROTOCOLS = ["mqtt:", "mqtts:", "tcp:", "ssl:", "tls:", "ws:", "wss:"];

const mqttSchema = z.strictObject({
  url: secret(
    z
      .string()
      .refine(
        (u) => URL.canParse(u) && MQTT_PROTOCOLS.includes(new URL(u).protocol),
        "must be a URL like mqtt://host:1883, mqtts://host:8883 or ws://host/mqtt",
      ),
    "url-password",
  )
    .default("mqtt://127.0.0.1:1883")
    .describe("Broker URL: mqtt://, mqtts:// (TLS), ws://, wss://"),
  username: text().optional().describe("Broker user name"),
  /** Better from SMSGW_MQTT_PASSWORD or `passwordFile`. Never logged. */
  password: secret(text()).optional().describe("Broker password; secret, never logged"),
  passwordFile: z
    .string()
    .min(1)
    .optional()
    .describe("File whose first line is the broker password (relative to the config file)"),
  baseTopic: z
    .string()
    .regex(
      /^[^#+$/](?:[^#+]*[^#+/])?$/,
      "a topic without wildcards (+ #), leading $ or slashes at either end",
    )
    .default("smsgw")
    .describe("Topic prefix <base>: no wildcards, no leading $, no outer slashes"),
  /** Stable across restarts so the broker keeps the session (and the requests queued in it). */
  clientId: text()
    .pipe(z.string().min(1).max(128))
    .default(() => `smsgw-${hostname().replace(/[^A-Za-z0-9_-]/g, "") || "gateway"}`)
    .describe("MQTT client id (default smsgw-<hostname>), stable so the broker keeps the session"),
  /** 4 = MQTT 3.1.1 (every broker), 5 = MQTT 5. */
  protocolVersion: z
    .union([z.literal(4), z.literal(5)], { error: "must be 4 (3.1.1) or 5" })
    .default(4)
    .describe("4 = MQTT 3.1.1 (every broker), 5 = MQTT 5 (session expiry 7 days)"),
  keepaliveSeconds: z
    .number()
    .int()
    .min(0)
    .max(65_535)
    .default(30)
    .describe("MQTT keepalive in seconds"),
  /** Reconnect backoff: doubles from min to max. */
  reconnect: withRenamedKeys(
    z.strictObject({
      minSeconds: z
        .number()
        .min(0.01, "at least 0.01 seconds")
        .default(1)
        .describe("First reconnect delay in seconds, fractions allowed"),
      maxSeconds: z
        .number()
        .min(0.01, "at least 0.01 seconds")
        .default(60)
        .describe("Longest reconnect delay in seconds, fractions allowed"),
    }),
    [
      { from: "minMs", to: "minSeconds", unit: "ms" },
      { from: "maxMs", to: "maxSeconds", unit: "ms" },
    ],
  )
    .prefault({})
    .describe("Reconnect backoff: doubles from minSeconds to maxSeconds"),
  tls: tlsSchema.optional().describe("TLS client settings (PEM files)"),
  /** Larger request payloads are refused with an error response before parsing. */
  maxPayloadBytes: z
    .number()
    .int()
    .min(1_024)
    .default(64 * 1024)
    .describe("Larger request payloads (bytes) are refused unread"),
  /** `<base>/modem` is republished this often (and on every modem state change). */
  modemIntervalSeconds: seconds(60).describe(
    "<base>/modem republish period in seconds (also on every change)",
  ),
  homeassistant: homeAssistantSchema.prefault({}).describe("Home Assistant MQTT discovery"),
  fleet: fleetSchema.prefault({}).describe("Fleet mode: several gateways, one queue of requests"),
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
});

const httpSchema = z.strictObject({
  enabled: z
    .boolean()
    .default(false)
    .describe(
      "Serve the HTTP API (docs/http-api.md); off: no listener and none of its code loaded",
    ),
  listen: z
    .string()
    .min(1, "an address to listen on, e.g. 127.0.0.1 or 0.0.0.0")
    .default("127.0.0.1")
    .describe("Address the HTTP API listens on; 127.0.0.1 is this machine only, 0.0.0.0 the LAN"),
  port: z
    .number()
    .int("must be a whole number")
    .min(0, "a TCP port, 0–65535 (0: any free port)")
    .max(65535, "a TCP port, 0–65535 (0: any free port)")
    .default(8080)
    .describe("TCP port of the HTTP API (0: any free port)"),
  maxBodyBytes: z
    .number()
    .int("must be a whole number")
    .min(1024, "at least 1024 bytes")
    .max(1_048_576, "at most 1048576 bytes (1 MiB)")
    .default(65_536)
    .describe("Request bodies larger than this many bytes are refused unread (413)"),
  tls: z
    .strictObject({
      cert: z.string().min(1).describe("Server certificate chain (PEM file)"),
      key: z.string().min(1).describe("Server private key (PEM file)"),
    })
    .optional()
    .describe("Serve HTTPS with these PEM files (absent: plain HTTP)"),
  authFailures: z
    .strictObject({
      max: count()
        .default(10)
        .describe("Failed authentications per client address allowed in the window"),
      windowSeconds: seconds(60).describe(
        "The window, in seconds; past `max` failures the address gets 429 until it ends",
      ),
    })
    .prefault({})
    .describe("Limit on failed authentications per client address"),
});

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
export type Contact = Config["contacts"][number];
