import { existsSync } from "node:fs";
import { join } from "node:path";
import { createLogger } from "../log.js";
import { DurableFile } from "../store/durable-file.js";
import type { Webhook } from "./types.js";

const log = createLogger("webhooks");

export const REGISTRY_FILE = "webhooks.json";
/** Where SMSGate's `/webhooks` registrations were kept before they became webhooks. */
export const LEGACY_SMSGATE_FILE = "smsgate-webhooks.json";

/** Registrations are few by nature; a bound keeps a looping client from filling the disk. */
export const MAX_STORED_WEBHOOKS = 100;

interface RegistryDoc {
  /** Webhooks made through the APIs (the config's are not stored: the file is their home). */
  hooks: Record<string, Webhook>;
  /** Config webhooks switched off at run time (410 Gone, or the API), by id. */
  disabled: Record<string, { at: string; reason: string }>;
  /** SMSGate's old registration file was read into `hooks`. */
  migratedSmsgate?: boolean;
}

interface LegacyDoc {
  webhooks: Record<string, { id: string; url: string; event: string }>;
}

/**
 * Every webhook: those of the config file (read-only here) and those made through the APIs,
 * kept durably in the store directory. A webhook switched off (410 Gone) stays off across
 * restarts until someone switches it on again.
 */
export class WebhookRegistry {
  private constructor(
    private readonly file: DurableFile<RegistryDoc>,
    private readonly configured: ReadonlyMap<string, Webhook>,
    private readonly smsgateKey: string | undefined,
  ) {}

  /**
   * `smsgateKey` signs the webhooks SMSGate clients register (their registration carries no
   * secret: SMSGate keeps one signing key per device).
   */
  static async open(
    dir: string,
    configured: readonly Webhook[],
    smsgateKey?: string,
  ): Promise<WebhookRegistry> {
    const file = await DurableFile.open<RegistryDoc>(
      join(dir, REGISTRY_FILE),
      () => ({ hooks: {}, disabled: {} }),
      {
        normalise: (raw) => {
          const d = (raw ?? {}) as Partial<RegistryDoc>;
          return {
            hooks: d.hooks ?? {},
            disabled: d.disabled ?? {},
            ...(d.migratedSmsgate ? { migratedSmsgate: true } : {}),
          };
        },
      },
    );
    const registry = new WebhookRegistry(
      file,
      new Map(configured.map((h) => [h.id, h])),
      smsgateKey,
    );
    await registry.migrateSmsgate(dir);
    return registry;
  }

  /** Every webhook, switched-off ones included (`enabled: false`). */
  list(): Webhook[] {
    return [...this.configured.keys(), ...Object.keys(this.file.data.hooks)]
      .map((id) => this.get(id))
      .filter((h): h is Webhook => h !== undefined);
  }

  get(id: string): Webhook | undefined {
    const c = this.configured.get(id);
    if (c !== undefined)
      return this.file.data.disabled[id] === undefined ? c : { ...c, enabled: false };
    const h = this.file.data.hooks[id];
    if (h?.source === "smsgate")
      return { ...h, secrets: this.smsgateKey === undefined ? [] : [this.smsgateKey] };
    return h;
  }

  /** Why a webhook was switched off at run time, if it was. */
  disabledReason(id: string): string | undefined {
    return this.file.data.disabled[id]?.reason;
  }

  isConfigured(id: string): boolean {
    return this.configured.has(id);
  }

  /** Stores (or replaces) an API-made webhook; resolves once durable. */
  async put(hook: Webhook): Promise<void> {
    if (this.configured.has(hook.id))
      throw new Error(`webhook ${hook.id} is defined in the config file`);
    if (
      this.file.data.hooks[hook.id] === undefined &&
      Object.keys(this.file.data.hooks).length >= MAX_STORED_WEBHOOKS
    )
      throw new Error(`at most ${MAX_STORED_WEBHOOKS} webhooks; delete one first`);
    await this.file.update((d) => {
      d.hooks[hook.id] = hook;
      delete d.disabled[hook.id];
    });
  }

  /** Removes an API-made webhook; false when there is none with that id. */
  async remove(id: string): Promise<boolean> {
    if (this.file.data.hooks[id] === undefined) return false;
    await this.file.update((d) => {
      delete d.hooks[id];
    });
    return true;
  }

  /** Switches a webhook on or off (a config one too, until switched back). */
  async setEnabled(id: string, enabled: boolean, reason = "switched off"): Promise<boolean> {
    if (this.configured.has(id)) {
      await this.file.update((d) => {
        if (enabled) delete d.disabled[id];
        else d.disabled[id] = { at: new Date().toISOString(), reason };
      });
      return true;
    }
    const h = this.file.data.hooks[id];
    if (h === undefined) return false;
    await this.file.update((d) => {
      d.hooks[id] = { ...h, enabled };
      if (enabled) delete d.disabled[id];
      else d.disabled[id] = { at: new Date().toISOString(), reason };
    });
    return true;
  }

  close(): Promise<void> {
    return this.file.close();
  }

  /**
   * SMSGate registrations made before they were called were kept in a file of their own: read
   * once into the registry as webhooks of format `smsgate`. The old file is left as it was (a
   * downgrade still finds it).
   */
  private async migrateSmsgate(dir: string): Promise<void> {
    if (this.file.data.migratedSmsgate) return;
    const path = join(dir, LEGACY_SMSGATE_FILE);
    const imported: Webhook[] = [];
    if (existsSync(path)) {
      const legacy = await DurableFile.open<LegacyDoc>(path, () => ({ webhooks: {} }));
      try {
        for (const r of Object.values(legacy.data.webhooks ?? {}))
          imported.push({
            id: r.id,
            url: r.url,
            events: [r.event],
            format: "smsgate",
            secrets: [],
            headers: {},
            allowHttp: true,
            enabled: true,
            source: "smsgate",
          });
      } finally {
        await legacy.close();
      }
    }
    await this.file.update((d) => {
      for (const h of imported) if (!this.configured.has(h.id)) d.hooks[h.id] = h;
      d.migratedSmsgate = true;
    });
    if (imported.length > 0)
      log.info({ count: imported.length }, "SMSGate webhook registrations now called");
  }
}
