import { z } from "zod";
import { REDACTED } from "../../config/redact-by-schema.js";
import { E164 } from "../../config/setup-edit.js";
import type { RouteDoc } from "../openapi/route-doc.js";
import { problemSchema } from "../openapi/schemas.js";

/** The wizard's routes (config-setup.ts): their bodies, and their OpenAPI descriptions. */

const nullable = (s: z.ZodString, what: string) =>
  s.nullable().optional().describe(`${what}; null removes it from the file`);

export const setupPatchBody = z.strictObject({
  mqtt: z
    .strictObject({
      url: z
        .string()
        .min(1)
        // The GET shows a password in the URL as ***: sent back unchanged it would be saved so.
        .refine(
          (u) => !URL.canParse(u) || new URL(u).password !== REDACTED,
          "the password in this URL is the hidden *** shown here: type the real one, or give it as password",
        )
        .optional()
        .describe("Broker URL, e.g. mqtt://127.0.0.1:1883"),
      username: nullable(z.string().min(1), "Broker user name"),
      password: nullable(z.string().min(1), "Broker password (never answered back)"),
    })
    .optional(),
  homeassistant: z
    .strictObject({ enabled: z.boolean().describe("Home Assistant MQTT discovery") })
    .optional(),
  allowedNumbers: z
    .array(z.string().regex(E164, "a number in international form, e.g. +491701234567"))
    .max(100)
    .optional()
    .describe("Every number in automation.security.users after the change (contact names stay)"),
  modem: z
    .strictObject({
      pin: nullable(z.string().regex(/^\d{4,8}$/, "a SIM PIN is 4 to 8 digits"), "SIM PIN"),
    })
    .optional(),
});

export const setupView = z.object({
  file: z.string().describe("The config file read and written"),
  restartNeeded: z.boolean().describe("A saved change takes effect when the gateway restarts"),
  mqtt: z.object({
    url: z.string().describe("Broker URL (a password in it shown as ***)"),
    username: z.string().nullable(),
    passwordSet: z.boolean(),
  }),
  homeassistant: z.object({ enabled: z.boolean() }),
  allowedNumbers: z.array(z.string()).describe("The numbers among automation.security.users"),
  modem: z.object({ pinSet: z.boolean() }),
});

const noFile = {
  description: "The gateway was started without a config file (`config.no-file`)",
  schema: problemSchema,
};

export const setupGetDoc: RouteDoc = {
  summary: "The first-boot wizard's keys of the config file (secrets only as set or not)",
  tag: "config",
  responses: { 200: { description: "The keys", schema: setupView }, 409: noFile },
};

export const setupPatchDoc: RouteDoc = {
  summary: "Change the wizard's keys in the config file, keeping its comments and other keys",
  description:
    "Validated by the gateway's own config parser before the file is replaced (crash-safely); applied at the next restart.",
  tag: "config",
  body: setupPatchBody,
  responses: {
    200: { description: "Saved; the keys as they now are", schema: setupView },
    400: {
      description: "A bad value, or a file that would not start (`config.invalid`, `fields`)",
      schema: problemSchema,
    },
    409: noFile,
  },
};

export const mqttTestBody = z.strictObject({
  url: z.string().min(1).describe("Broker URL to try"),
  username: z.string().min(1).optional(),
  password: z.string().min(1).optional().describe("Used for this test only, never logged"),
});

export const mqttTestDoc: RouteDoc = {
  summary: "Try a connection to an MQTT broker (5 s at most), then close it",
  tag: "config",
  body: mqttTestBody,
  responses: {
    200: {
      description: "Whether the broker accepted the connection, and if not why",
      schema: z.object({ ok: z.boolean(), error: z.string().optional() }),
    },
    400: { description: "Not a broker URL (`mqtt.invalid-request`)", schema: problemSchema },
  },
};
