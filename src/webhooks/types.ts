/**
 * What the webhook engine works with: webhooks (where events go), events (what happened) and
 * attempts (how a call went).
 */

/** Events in the native format; a webhook subscribes to some of them, or `*` for all. */
export const WEBHOOK_EVENTS = [
  "sms.received",
  "sms.status",
  "modem.state",
  "gateway.started",
  "gateway.heartbeat",
] as const;
/** Events a webhook subscribes to, and `webhook.test`, sent only when asked for (the API). */
export type WebhookEventType = (typeof WEBHOOK_EVENTS)[number] | "webhook.test";

/** SMSGate's event names (a webhook of format `smsgate` subscribes with these). */
export const SMSGATE_EVENT_NAMES = [
  "sms:received",
  "sms:data-received",
  "sms:sent",
  "sms:delivered",
  "sms:failed",
  "sms:cancelled",
  "system:ping",
  "mms:received",
  "mms:downloaded",
  "app:started",
] as const;
export type SmsgateEventName = (typeof SMSGATE_EVENT_NAMES)[number];

export type WebhookFormat = "native" | "smsgate";

/** Where a webhook came from: the config file, `/api/v1/webhooks`, or SMSGate's `/webhooks`. */
export type WebhookSource = "config" | "api" | "smsgate";

export interface Webhook {
  id: string;
  url: string;
  /** Native names (`sms.received`, `*`) for `native`; SMSGate's (`sms:received`) for `smsgate`. */
  events: string[];
  format: WebhookFormat;
  /**
   * Signing secrets, newest first: Standard Webhooks `whsec_…` (native) or SMSGate's signing
   * key. Several during a rotation (native: one signature each). None: calls are not signed.
   */
  secrets: string[];
  headers: Record<string, string>;
  /** Plain http:// allowed (a LAN receiver); otherwise only https://. */
  allowHttp: boolean;
  /** PEM file of the CA that signed the receiver's certificate (a private CA). */
  caFile?: string;
  enabled: boolean;
  source: WebhookSource;
}

/** One thing that happened, with an id fixed when it was created (the same on every retry). */
export interface WebhookEvent {
  id: string;
  type: WebhookEventType;
  /** ISO 8601. */
  createdAt: string;
  data: Record<string, unknown>;
}

/** How one attempt went. */
export interface Attempt {
  /** The webhook id, or `http:<rule>` for an HTTP forwarding target. */
  target: string;
  eventId: string;
  /** ISO 8601. */
  at: string;
  /** 1 for the first attempt. */
  attempt: number;
  /** HTTP status; absent when there was no answer. */
  status?: number;
  /** `delivered`, `retry` (a later attempt follows), `given-up`, or `disabled` (410 Gone). */
  result: "delivered" | "retry" | "given-up" | "disabled";
  /** Why it failed: `HTTP 500`, `timeout`, `ECONNREFUSED`… */
  error?: string;
  durationMs: number;
}

/** One HTTP request to make. */
export interface OutgoingRequest {
  url: string;
  method: "GET" | "POST";
  headers: Record<string, string>;
  body?: string;
}
