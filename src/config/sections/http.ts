import { z } from "zod";
import { count, seconds } from "./fields.js";
import { kannelSchema } from "./http-kannel.js";
import { smsgateSchema } from "./http-smsgate.js";
import { httpUiSchema } from "./http-ui.js";

export const httpSchema = z.strictObject({
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
  kannel: kannelSchema,
  smsgate: smsgateSchema,
  batches: z
    .strictObject({
      maxRecipients: count()
        .max(10_000, "at most 10000")
        .default(1000)
        .describe("Most numbers one batch (POST /api/v1/batches) may send to; more answer 413"),
    })
    .prefault({})
    .describe("Bulk sends over the HTTP API"),
  ui: httpUiSchema,
});
