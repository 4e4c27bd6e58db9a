import { smsgateSignature, standardSignature } from "./signatures.js";
import type { OutgoingRequest, SmsgateEventName, Webhook, WebhookEvent } from "./types.js";

/** SMSGate's device id for this gateway (one modem: one device). */
export const SMSGATE_DEVICE_ID = "smsgw";

/**
 * The SMSGate name of an event, or undefined when SMSGate has none for it (`modem.state`, and
 * the states `queued`/`sending` of `sms.status`).
 */
export function smsgateNameOf(e: WebhookEvent): SmsgateEventName | undefined {
  switch (e.type) {
    case "sms.received":
      return "sms:received";
    case "gateway.heartbeat":
    case "webhook.test":
      return "system:ping";
    case "gateway.started":
      return "app:started";
    case "sms.status":
      switch (e.data.status) {
        case "sent":
          return "sms:sent";
        case "delivered":
          return "sms:delivered";
        case "failed":
        case "expired":
          return "sms:failed";
        case "cancelled":
          return "sms:cancelled";
        default:
          return undefined;
      }
    default:
      return undefined;
  }
}

/** Whether `hook` wants `e`. */
export function subscribes(hook: Webhook, e: WebhookEvent): boolean {
  if (!hook.enabled) return false;
  if (hook.format === "smsgate") {
    const name = smsgateNameOf(e);
    return name !== undefined && hook.events.includes(name);
  }
  return hook.events.includes("*") || hook.events.includes(e.type);
}

const str = (v: unknown): string | undefined => (typeof v === "string" ? v : undefined);

/** SMSGate's payload of an event (its field names). */
function smsgatePayload(e: WebhookEvent): Record<string, unknown> {
  const d = e.data;
  switch (smsgateNameOf(e)) {
    case "sms:received":
      return {
        messageId: d.id,
        message: d.text,
        phoneNumber: d.from,
        simNumber: 1,
        receivedAt: d.receivedAt,
      };
    case "sms:sent":
      return {
        messageId: d.id,
        phoneNumber: d.to,
        simNumber: 1,
        partsCount: d.parts,
        sentAt: d.at,
      };
    case "sms:delivered":
      return { messageId: d.id, phoneNumber: d.to, simNumber: 1, deliveredAt: d.at };
    case "sms:failed": {
      const error = d.error as { code?: string; message?: string } | undefined;
      return {
        messageId: d.id,
        phoneNumber: d.to,
        simNumber: 1,
        failedAt: d.at,
        reason: error?.message ?? str(d.status) ?? "failed",
      };
    }
    case "sms:cancelled":
      return { messageId: d.id, phoneNumber: d.to, simNumber: 1, cancelledAt: d.at };
    case "system:ping":
      return { health: d.health ?? d };
    default:
      return { ...d };
  }
}

/**
 * The body a webhook receives for an event. Native: `{type, id, createdAt, data}` with `data`
 * the MQTT payload of the same thing. SMSGate: its envelope `{deviceId, event, id, payload,
 * webhookId}`. Made once per webhook and event, so every retry sends the same bytes.
 */
export function webhookBody(hook: Webhook, e: WebhookEvent): string {
  if (hook.format === "smsgate")
    return JSON.stringify({
      deviceId: SMSGATE_DEVICE_ID,
      event: smsgateNameOf(e),
      id: e.id,
      payload: smsgatePayload(e),
      webhookId: hook.id,
    });
  return JSON.stringify({ type: e.type, id: e.id, createdAt: e.createdAt, data: e.data });
}

/**
 * The request of one attempt: the stored body, signed now (receivers reject old timestamps,
 * so each attempt carries its own), with the webhook's own headers under ours.
 */
export function webhookRequest(
  hook: Webhook,
  eventId: string,
  body: string,
  nowMs: number,
): OutgoingRequest {
  const timestamp = Math.floor(nowMs / 1000);
  const headers: Record<string, string> = {
    ...lowerCased(hook.headers),
    "content-type": "application/json",
    "user-agent": "smsgw-webhooks",
  };
  if (hook.format === "smsgate") {
    const key = hook.secrets[0];
    if (key !== undefined) {
      headers["x-signature"] = smsgateSignature(key, body, timestamp);
      headers["x-timestamp"] = String(timestamp);
    }
  } else {
    headers["webhook-id"] = eventId;
    headers["webhook-timestamp"] = String(timestamp);
    if (hook.secrets.length > 0)
      headers["webhook-signature"] = standardSignature(hook.secrets, eventId, timestamp, body);
  }
  return { url: hook.url, method: "POST", headers, body };
}

function lowerCased(h: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(h)) out[k.toLowerCase()] = v;
  return out;
}
