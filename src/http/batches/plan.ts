import { createHash, randomBytes } from "node:crypto";
import { z } from "zod";
import { isSmsgwError, SmsgwError } from "../../errors.js";
import { invalidRequest } from "../../mqtt/handlers/body.js";
import type { SendBody } from "../../mqtt/handlers/index.js";
import { normaliseNumber } from "../../sms/numbers.js";
import { planParts } from "../../sms/pdu/index.js";
import { BATCH_ID } from "./batch-store.js";
import { fillTemplate } from "./template.js";

const value = z.union([z.string(), z.number(), z.boolean()], {
  error: "a value is a string, a number or true/false",
});
const values = z.record(z.string(), value, { error: "expected an object of values" });

const recipient = z.union(
  [
    z.string().min(1, "a recipient is a number, a contact or a group name"),
    z.strictObject({ to: z.string().min(1, "must not be empty"), values: values.optional() }),
  ],
  { error: 'a recipient is a number, a contact or a group name, or {"to": …, "values": {…}}' },
);

const seconds = z.number({ error: "must be a number of seconds" }).positive("must be more than 0");

export const batchBody = z.strictObject({
  id: z
    .string({ error: "expected the batch id (a string)" })
    .regex(BATCH_ID, "1 to 64 letters, digits, `_` or `-`")
    .optional(),
  text: z.string({ error: "expected the message text (a string)" }).min(1, "must not be empty"),
  recipients: z
    .array(recipient, { error: "expected a list of recipients" })
    .min(1, "the list of recipients is empty"),
  /** Values every recipient's text may use; a recipient's own values win. */
  values: values.optional(),
  priority: z
    .enum(["low", "normal"], {
      error: "a batch is low or normal priority; high is kept for single messages (one-time codes)",
    })
    .optional(),
  flash: z.boolean({ error: "must be true or false" }).optional(),
  validity: seconds.optional(),
  deliveryReport: z.boolean({ error: "must be true or false" }).optional(),
  notBefore: z.iso
    .datetime({ offset: true, error: "must be an ISO 8601 time, e.g. 2025-06-01T08:00:00Z" })
    .optional(),
  encoding: z.enum(["auto", "gsm7", "ucs2"], { error: "must be auto, gsm7 or ucs2" }).optional(),
  transactional: z.boolean({ error: "must be true or false" }).optional(),
});

export type BatchBody = z.output<typeof batchBody>;

/** One message of a planned batch: the shared send request's body, ready for its handler. */
export interface PlannedBatch {
  id: string;
  priority: "low" | "normal";
  fingerprint: string;
  sends: SendBody[];
}

export interface PlanContext {
  /** Names → numbers (contacts, groups, numbers as written); absent: numbers only. */
  resolve?: (names: readonly string[]) => string[];
  maxRecipients: number;
  maxParts: number;
}

const fieldError = (field: string, message: string) =>
  new SmsgwError("mqtt.invalid-request", `\`${field}\`: ${message}`, {
    details: { fields: [{ field, message }] },
  });

function numbersOf(to: string, i: number, ctx: PlanContext): string[] {
  try {
    const got = ctx.resolve === undefined ? [to] : ctx.resolve([to]);
    return got.map((n) => normaliseNumber(n).number);
  } catch (err) {
    if (isSmsgwError(err)) throw fieldError(`recipients.${i}`, err.message);
    throw err;
  }
}

const stringValues = (v: Record<string, string | number | boolean> | undefined) =>
  Object.fromEntries(Object.entries(v ?? {}).map(([k, x]) => [k, String(x)]));

/**
 * A batch request → one send per number: recipients resolved (a group is each member), each
 * number once (the first mention wins), each text filled from the batch's and the
 * recipient's values plus `{{to}}`, and each checked against `sms.maxParts` — every problem
 * found before anything is queued, named by its field.
 */
export function planBatch(input: unknown, ctx: PlanContext): PlannedBatch {
  if (input === null || typeof input !== "object" || Array.isArray(input))
    throw new SmsgwError(
      "mqtt.invalid-request",
      'expected a JSON object like {"text": "Hello {{name}}", "recipients": [{"to": "+491701234567", "values": {"name": "Ann"}}]}',
    );
  const parsed = batchBody.safeParse(input);
  if (!parsed.success) throw invalidRequest(parsed.error.issues);
  const b = parsed.data;
  const id = b.id ?? randomBytes(8).toString("hex");
  const priority = b.priority ?? "low";
  const common = stringValues(b.values);
  const seen = new Set<string>();
  const sends: SendBody[] = [];
  b.recipients.forEach((r, i) => {
    const entry = typeof r === "string" ? { to: r } : r;
    const own = stringValues(entry.values);
    for (const to of numbersOf(entry.to, i, ctx)) {
      if (seen.has(to)) continue;
      seen.add(to);
      const filled = fillTemplate(b.text, { ...common, to, ...own });
      if ("missing" in filled)
        throw fieldError(
          `recipients.${i}.values`,
          `no value for ${filled.missing.map((k) => `{{${k}}}`).join(", ")}`,
        );
      try {
        planParts(filled.text, { encoding: b.encoding ?? "auto", maxParts: ctx.maxParts });
      } catch (err) {
        throw new SmsgwError(
          "sms.too-many-parts",
          `the text for recipient ${i} (${to}) needs more than ${ctx.maxParts} SMS (sms.maxParts)`,
          { cause: err, details: { fields: [{ field: `recipients.${i}`, message: "too long" }] } },
        );
      }
      if (sends.length >= ctx.maxRecipients)
        throw new SmsgwError(
          "http.batch-too-large",
          `more than ${ctx.maxRecipients} numbers in one batch (http.batches.maxRecipients); split it`,
          { details: { fields: [{ field: "recipients", message: "too many numbers" }] } },
        );
      sends.push({
        to,
        text: filled.text,
        id: `${id}:${sends.length + 1}`,
        priority,
        ...(b.flash === undefined ? {} : { flash: b.flash }),
        ...(b.validity === undefined ? {} : { validity: b.validity }),
        ...(b.deliveryReport === undefined ? {} : { deliveryReport: b.deliveryReport }),
        ...(b.notBefore === undefined ? {} : { notBefore: b.notBefore }),
        ...(b.encoding === undefined ? {} : { encoding: b.encoding }),
        ...(b.transactional === undefined ? {} : { transactional: b.transactional }),
      });
    }
  });
  const fingerprint = createHash("sha256").update(JSON.stringify(sends)).digest("hex");
  return { id, priority, fingerprint, sends };
}
