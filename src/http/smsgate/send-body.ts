import { randomBytes } from "node:crypto";
import { z } from "zod";
import { SmsgwError } from "../../errors.js";
import { invalidRequest, messageId } from "../../mqtt/handlers/body.js";
import type { SendBody } from "../../mqtt/handlers/index.js";

const iso = () =>
  z.iso.datetime({ offset: true, error: "must be an ISO 8601 time, e.g. 2025-06-01T08:00:00Z" });

/**
 * SMSGate's send request (`smsgateway.Message`). Its clients send `null` for fields they leave
 * out, so every optional field takes null too. Unknown fields are refused: a typo would
 * otherwise be ignored.
 */
export const smsgateSendBody = z
  .strictObject({
    id: messageId().nullish(),
    /** The text, SMSGate's older form (the official JS client 3.x sends this one). */
    message: z.string({ error: "expected the message text (a string)" }).nullish(),
    textMessage: z
      .strictObject({ text: z.string({ error: "expected the message text (a string)" }) })
      .nullish(),
    dataMessage: z.unknown().optional(),
    mmsMessage: z.unknown().optional(),
    phoneNumbers: z
      .array(z.string({ error: "expected a phone number (a string)" }), {
        error: "expected a list of phone numbers",
      })
      .min(1, "the list of numbers is empty")
      .max(100, "at most 100 numbers in one request"),
    simNumber: z
      .number()
      .int("must be 1, 2 or 3")
      .min(1, "must be 1 to 3")
      .max(3, "must be 1 to 3")
      .nullish(),
    deviceId: z.string().nullish(),
    ttl: z.number().int("must be a whole number of seconds").min(5, "at least 5 seconds").nullish(),
    validUntil: iso().nullish(),
    scheduleAt: iso().nullish(),
    withDeliveryReport: z.boolean({ error: "must be true or false" }).nullish(),
    priority: z
      .number()
      .int("must be a whole number, -128 to 127")
      .min(-128, "must be -128 to 127")
      .max(127, "must be -128 to 127")
      .nullish(),
    isEncrypted: z.boolean({ error: "must be true or false" }).nullish(),
  })
  .superRefine((b, ctx) => {
    const issue = (path: string, message: string) =>
      ctx.addIssue({ code: "custom", path: [path], message });
    if (b.dataMessage != null)
      issue("dataMessage", "data SMS (binary, to a port) are not supported: send textMessage");
    if (b.mmsMessage != null) issue("mmsMessage", "MMS are not supported: send textMessage");
    const texts = [b.message, b.textMessage].filter((t) => t != null).length;
    if (texts === 0 && b.dataMessage == null && b.mmsMessage == null)
      issue("textMessage", "give the text as textMessage.text (or message)");
    if (texts > 1) issue("message", "give the text as textMessage or as message, not both");
    if (b.isEncrypted === true)
      issue(
        "isEncrypted",
        "end-to-end encrypted messages are not supported: send the plain text (over HTTPS, see http.tls)",
      );
    if (b.ttl != null && b.validUntil != null)
      issue("validUntil", "give ttl or validUntil, not both");
    // One modem, so one SIM: another number would silently send from the wrong one.
    if (b.simNumber != null && b.simNumber !== 1)
      issue(
        "simNumber",
        `this gateway has one modem: simNumber must be 1 or left out, not ${b.simNumber}`,
      );
  });

/** A refusal of one field, worded and shaped like a schema refusal. */
export const fieldError = (field: string, message: string) =>
  new SmsgwError("mqtt.invalid-request", message, { details: { fields: [{ field, message }] } });

export type SmsgateSendBody = z.output<typeof smsgateSendBody>;

/** SMSGate makes a 21-character id when a request gives none; this is as unguessable. */
export const newSmsgateId = () => randomBytes(16).toString("base64url");

/**
 * An SMSGate send request → our send request (the body MQTT's `send` takes). `simNumber`
 * picks the modem: there is one, so it only needs checking; `priority` 100 and more (SMSGate:
 * bypasses its limits) is our `high`, below 0 our `low`; a delivery report is asked for
 * unless `withDeliveryReport: false`, as SMSGate does.
 */
export function parseSmsgateSend(raw: unknown, now: number): SendBody {
  if (raw === null || typeof raw !== "object" || Array.isArray(raw))
    throw fieldError(
      "",
      'expected a JSON object like {"phoneNumbers": ["+491701234567"], "textMessage": {"text": "hello"}}',
    );
  const r = smsgateSendBody.safeParse(raw);
  if (!r.success) throw invalidRequest(r.error.issues);
  const b = r.data;
  const body: SendBody = {
    to: b.phoneNumbers.length === 1 ? (b.phoneNumbers[0] as string) : b.phoneNumbers,
    text: b.textMessage?.text ?? b.message ?? "",
    id: b.id ?? newSmsgateId(),
    deliveryReport: b.withDeliveryReport ?? true,
  };
  if (b.priority != null && b.priority >= 100) body.priority = "high";
  else if (b.priority != null && b.priority < 0) body.priority = "low";
  if (b.ttl != null) body.validity = b.ttl;
  if (b.validUntil != null) {
    const seconds = Math.ceil((Date.parse(b.validUntil) - now) / 1000);
    if (seconds <= 0) throw fieldError("validUntil", "`validUntil`: is in the past");
    body.validity = seconds;
  }
  if (b.scheduleAt != null) body.notBefore = b.scheduleAt;
  return body;
}
