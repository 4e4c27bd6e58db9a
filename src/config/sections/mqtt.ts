import { hostname } from "node:os";
import { z } from "zod";
import { withRenamedKeys } from "../../util/renamed-keys.js";
import { secret } from "../../util/secret.js";
import { seconds, text } from "./fields.js";

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

export const MQTT_PROTOCOLS = ["mqtt:", "mqtts:", "tcp:", "ssl:", "tls:", "ws:", "wss:"];

export const mqttSchema = z.strictObject({
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
