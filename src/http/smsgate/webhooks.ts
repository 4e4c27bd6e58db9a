import { randomUUID } from "node:crypto";
import { join } from "node:path";
import { z } from "zod";
import { invalidRequest } from "../../mqtt/handlers/body.js";
import { DurableFile } from "../../store/durable-file.js";
import { fieldError } from "./send-body.js";
import { DEVICE_ID } from "./states.js";

/** SMSGate's webhook events (one per registration). */
export const SMSGATE_EVENTS = [
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

export interface SmsgateWebhook {
  id: string;
  url: string;
  event: (typeof SMSGATE_EVENTS)[number];
  deviceId: string;
}

interface WebhookDoc {
  webhooks: Record<string, SmsgateWebhook>;
}

export const WEBHOOK_FILE = "smsgate-webhooks.json";

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
 * SMSGate webhook registrations (`/webhooks`), kept durably in the store directory: written
 * through the store's journal with fsync before the answer, so a registration acknowledged is
 * never lost. Only the registrations: calling them when events happen is not done yet.
 */
export class SmsgateWebhooks {
  private constructor(private readonly file: DurableFile<WebhookDoc>) {}

  static async open(storeDir: string): Promise<SmsgateWebhooks> {
    const file = await DurableFile.open<WebhookDoc>(
      join(storeDir, WEBHOOK_FILE),
      () => ({ webhooks: {} }),
      {
        normalise: (raw) => ({
          webhooks: (raw as Partial<WebhookDoc> | undefined)?.webhooks ?? {},
        }),
      },
    );
    return new SmsgateWebhooks(file);
  }

  list(): SmsgateWebhook[] {
    return Object.values(this.file.data.webhooks);
  }

  /** Registers (or, with the id of an existing one, replaces) a webhook; resolves once durable. */
  async register(body: unknown): Promise<SmsgateWebhook> {
    const r = registration.safeParse(body);
    if (!r.success) throw invalidRequest(r.error.issues);
    const hook: SmsgateWebhook = {
      id: r.data.id ?? randomUUID(),
      url: r.data.url,
      event: r.data.event,
      deviceId: DEVICE_ID,
    };
    const fresh = this.file.data.webhooks[hook.id] === undefined;
    if (fresh && this.list().length >= MAX_WEBHOOKS)
      throw fieldError("", `at most ${MAX_WEBHOOKS} webhooks; delete one first`);
    await this.file.update((d) => {
      d.webhooks[hook.id] = hook;
    });
    return hook;
  }

  /** Removes a registration; false when there was none with that id. */
  async remove(id: string): Promise<boolean> {
    if (this.file.data.webhooks[id] === undefined) return false;
    await this.file.update((d) => {
      delete d.webhooks[id];
    });
    return true;
  }

  close(): Promise<void> {
    return this.file.close();
  }
}
