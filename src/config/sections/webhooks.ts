import { z } from "zod";
import { httpTargetSchema } from "../../automation/config/http-target.js";
import { secret } from "../../util/secret.js";
import { urlRefusal } from "../../util/url-policy.js";
import { isStandardSecret } from "../../webhooks/signatures.js";
import { SMSGATE_EVENT_NAMES, WEBHOOK_EVENTS } from "../../webhooks/types.js";
import { count, text } from "./fields.js";

/** A webhook's id: it names the webhook in the API, the logs and the metrics. */
export const webhookId = z
  .string()
  .regex(/^[A-Za-z0-9._-]{1,64}$/, "1 to 64 letters, digits, dots, dashes or underscores");

/** One webhook as the config file (and `/api/v1/webhooks`) write it. */
export const webhookSchema = z
  .strictObject({
    id: webhookId.describe("Name of the webhook (letters, digits, . _ -)"),
    url: z
      .string()
      .min(1)
      .max(2048)
      .describe("Where events are POSTed (https://, or http:// with allowHttp)"),
    events: z
      .array(z.string())
      .min(1, "name at least one event")
      .describe(
        `Events sent: native ${WEBHOOK_EVENTS.join(", ")} or *; with format smsgate, SMSGate's names (${SMSGATE_EVENT_NAMES.join(", ")})`,
      ),
    format: z
      .enum(["native", "smsgate"])
      .default("native")
      .describe(
        "native: Standard Webhooks signatures and our payloads; smsgate: SMSGate's envelope and X-Signature",
      ),
    secret: secret(z.union([text(), z.array(text()).min(1)]))
      .optional()
      .describe(
        "Signing secret; native: whsec_<base64> (a list while rotating: newest first, one signature each); smsgate: the signing key. Absent: unsigned; redacted from logs",
      ),
    headers: z
      .record(z.string(), z.string())
      .default({})
      .describe("Extra request headers (e.g. an Authorization the receiver wants)"),
    allowHttp: z
      .boolean()
      .default(false)
      .describe(
        "Allow plain http:// (a LAN receiver such as Home Assistant); https:// otherwise, except to the gateway itself",
      ),
    caFile: z
      .string()
      .min(1)
      .optional()
      .describe("PEM file of a private CA the receiver's certificate is checked against"),
    enabled: z.boolean().default(true).describe("Off: no events are queued for it"),
  })
  .superRefine((h, ctx) => {
    const refusal = urlRefusal(h.url, h.allowHttp);
    if (refusal !== undefined) ctx.addIssue({ code: "custom", path: ["url"], message: refusal });
    const names: readonly string[] =
      h.format === "smsgate" ? SMSGATE_EVENT_NAMES : [...WEBHOOK_EVENTS, "*"];
    h.events.forEach((e, i) => {
      if (!names.includes(e))
        ctx.addIssue({
          code: "custom",
          path: ["events", i],
          message: `"${e}" is not an event of format ${h.format}: one of ${names.join(", ")}`,
        });
    });
    if (h.format === "native" && h.secret !== undefined)
      for (const s of Array.isArray(h.secret) ? h.secret : [h.secret])
        if (!isStandardSecret(s))
          ctx.addIssue({
            code: "custom",
            path: ["secret"],
            message:
              "a native webhook's secret is whsec_ followed by base64 of 24 to 64 random bytes (e.g. `openssl rand -base64 32`)",
          });
  });

/** States a delivery-report target can be told of (each has a Kannel `%d` type). */
export const REPORT_STATES = ["sent", "delivered", "failed", "expired", "cancelled"] as const;

/** A legacy HTTP receiver of delivery reports (Kannel dlr-url style), for every message sent. */
export const reportTargetSchema = z.strictObject({
  name: webhookId.describe("Name of the target (in the logs, the metrics and the API's attempts)"),
  states: z
    .array(z.enum(REPORT_STATES))
    .min(1, "name at least one state")
    .default([...REPORT_STATES])
    .describe(
      "States reported: sent (%d=8), delivered (1), failed/expired/cancelled (2 after sent, 16 before)",
    ),
  http: httpTargetSchema.describe(
    "The receiver: url/params/body templates with Kannel's dlr-url escapes (%d %A %I %P %t …) and {{id}} {{to}} {{status}} {{error}} placeholders",
  ),
});

export const webhooksSchema = z
  .strictObject({
    endpoints: z
      .array(webhookSchema)
      .default([])
      .describe("Webhooks called when events happen (docs/webhooks.md)"),
    attempts: count()
      .max(30, "at most 30 attempts (the waits double: 30 is years)")
      .default(14)
      .describe(
        "Attempts per event and receiver before it is given up (10 s doubling: 14 is about two days)",
      ),
    firstRetrySeconds: z
      .number()
      .positive("must be a positive number of seconds")
      .default(10)
      .describe("Seconds before the first retry; each further wait doubles"),
    timeoutSeconds: z
      .number()
      .positive("must be a positive number of seconds")
      .max(300, "at most 300 seconds")
      .default(30)
      .describe("Seconds a receiver has to answer one call"),
    concurrency: count()
      .max(64, "at most 64 calls at once per receiver")
      .default(4)
      .describe("Calls in flight at once per receiver (1: strictly in order)"),
    heartbeatSeconds: z
      .number()
      .min(0, "must be 0 (off) or a positive number of seconds")
      .default(0)
      .describe("Seconds between gateway.heartbeat (SMSGate: system:ping) events; 0: none"),
    reportForwarding: z
      .array(reportTargetSchema)
      .default([])
      .describe(
        "Legacy HTTP receivers told of each sent message's state changes (delivery reports), with the webhooks' durability and retries",
      ),
    smsgateSigningKey: secret(text().pipe(z.string().min(8, "at least 8 characters")))
      .optional()
      .describe(
        "Key SMSGate /webhooks registrations are signed with (X-Signature); absent: unsigned; redacted from logs",
      ),
  })
  .superRefine((w, ctx) => {
    namedOnce(w.endpoints, "endpoints", "id", ctx);
    namedOnce(w.reportForwarding, "reportForwarding", "name", ctx);
  });

/** Each entry of a list names itself once: a second one under a name is refused at its key. */
function namedOnce<K extends string>(
  list: ReadonlyArray<Record<K, string>>,
  listKey: string,
  key: K,
  ctx: z.RefinementCtx,
): void {
  const seen = new Set<string>();
  list.forEach((entry, i) => {
    const name = entry[key];
    if (seen.has(name))
      ctx.addIssue({ code: "custom", path: [listKey, i, key], message: `"${name}" is used twice` });
    seen.add(name);
  });
}

export type WebhooksConfig = z.output<typeof webhooksSchema>;
export type WebhookConfig = WebhooksConfig["endpoints"][number];
export type ReportTargetConfig = WebhooksConfig["reportForwarding"][number];
