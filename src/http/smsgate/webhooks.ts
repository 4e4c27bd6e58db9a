import { randomUUID } from "node:crypto";
import { z } from "zod";
import { invalidRequest } from "../../mqtt/handlers/body.js";
import type { WebhookRegistry } from "../../webhooks/registry.js";
import { SMSGATE_EVENT_NAMES } from "../../webhooks/types.js";
import { fieldError } from "./send-body.js";
import { DEVICE_ID } from "./states.js";

/** SMSGate's webhook events (one per registration). */
export const SMSGATE_EVENTS = SMSGATE_EVENT_NAMES;

export interface SmsgateWebhook {
  id: string;
  url: string;
  event: (typeof SMSGATE_EVENTS)[number];
  deviceId: string;
}

/** Registrations are few by nature; a bound keeps a looping client from filling the disk. */
export const MAX_WEBHOOKS = 100;

const registration = z.strictObject({
  id: z
    .string({ error: "expected the webhook id (a string)" })
    .regex(/^[\x21-\x7E]{1,36}$/, "1 to 36 printable ASCII characters, no spaces")
    .nullish(),
  url: z
    .url({
      protocol: /^https?$/,
      error: "must be an http:// or https:// URL",
    })
    .max(2048, "at most 2048 characters"),
  event: z.enum(SMSGATE_EVENTS, { error: `must be one of ${SMSGATE_EVENTS.join(", ")}` }),
  deviceId: z.string().nullish(),
});

/**
 * SMSGate's `/webhooks` registrations, as webhooks of format `smsgate` in the gateway's one
 * webhook registry (durable before the answer): they are called like every other webhook,
 * signed with `webhooks.smsgateSigningKey`. Plain http:// is taken as SMSGate clients send it
 * (a registration needs the door's credentials; LAN receivers are the common case).
 */
export class SmsgateWebhooks {
  constructor(
    private readonly registry: WebhookRegistry,
    /** Forgets a deleted webhook's queued events. */
    private readonly dropQueued?: (id: string) => Promise<void>,
  ) {}

  list(): SmsgateWebhook[] {
    return this.registry
      .list()
      .filter((h) => h.source === "smsgate")
      .map((h) => ({
        id: h.id,
        url: h.url,
        event: h.events[0] as SmsgateWebhook["event"],
        deviceId: DEVICE_ID,
      }));
  }

  /** Registers (or, with the id of an existing one, replaces) a webhook; resolves once durable. */
  async register(body: unknown): Promise<SmsgateWebhook> {
    const r = registration.safeParse(body);
    if (!r.success) throw invalidRequest(r.error.issues);
    const id = r.data.id ?? randomUUID();
    const existing = this.registry.get(id);
    if (existing !== undefined && existing.source !== "smsgate")
      throw fieldError("id", `${id} names a webhook made elsewhere (the config or /api/v1)`);
    if (existing === undefined && this.list().length >= MAX_WEBHOOKS)
      throw fieldError("", `at most ${MAX_WEBHOOKS} webhooks; delete one first`);
    try {
      await this.registry.put({
        id,
        url: r.data.url,
        events: [r.data.event],
        format: "smsgate",
        secrets: [],
        headers: {},
        allowHttp: true,
        enabled: true,
        source: "smsgate",
      });
    } catch (err) {
      throw fieldError("", err instanceof Error ? err.message : String(err));
    }
    return { id, url: r.data.url, event: r.data.event, deviceId: DEVICE_ID };
  }

  /** Removes a registration; false when there was none with that id. */
  async remove(id: string): Promise<boolean> {
    if (this.registry.get(id)?.source !== "smsgate") return false;
    const removed = await this.registry.remove(id);
    await this.dropQueued?.(id);
    return removed;
  }
}
