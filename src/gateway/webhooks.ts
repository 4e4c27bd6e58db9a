import { existsSync } from "node:fs";
import { join } from "node:path";
import type { ForwardConfig } from "../automation/config-schema.js";
import type { Config } from "../config/schema.js";
import type { InboundMessage } from "../sms/types.js";
import type { WebhookEngine } from "../webhooks/engine.js";
import type { WebhookRegistry } from "../webhooks/registry.js";
import type { Webhook } from "../webhooks/types.js";
import type { ModemEventsPort, SmsEventsPort } from "./webhook-events.js";

/** The running webhooks: where webhooks are kept, the engine calling them, the event source. */
export interface WebhooksPart {
  registry: WebhookRegistry;
  engine: WebhookEngine;
  /** Announces `gateway.started`. */
  started(data: Record<string, unknown>): void;
  /** Queues a received SMS for a forwarding rule's HTTP target (durable, retried). */
  httpForward(rule: ForwardConfig, m: InboundMessage): Promise<void>;
  stop(): Promise<void>;
}

/** The config's webhooks as the engine sees them. */
export function configuredWebhooks(config: Config["webhooks"]): Webhook[] {
  return config.endpoints.map((e) => ({
    id: e.id,
    url: e.url,
    events: [...e.events],
    format: e.format,
    secrets: e.secret === undefined ? [] : Array.isArray(e.secret) ? [...e.secret] : [e.secret],
    headers: { ...e.headers },
    allowHttp: e.allowHttp,
    ...(e.caFile === undefined ? {} : { caFile: e.caFile }),
    enabled: e.enabled,
    source: "config",
  }));
}

/**
 * Whether anything could use the webhook engine: webhooks in the config, the HTTP API (which
 * makes them), HTTP forwarding rules, delivery-report targets, or webhooks an earlier run
 * stored. Otherwise none of
 * its code is loaded (memory on a small Pi).
 */
export function webhooksWanted(config: Config, dir: string): boolean {
  return (
    config.webhooks.endpoints.length > 0 ||
    config.http.enabled ||
    config.automation.forwarding.some((r) => r.http !== undefined) ||
    config.webhooks.reportForwarding.length > 0 ||
    existsSync(join(dir, "webhooks.json"))
  );
}

/** Opens the registry and the queue, and starts calling (after a restart: what is still queued). */
export async function startWebhooks(opts: {
  config: Config;
  dir: string;
  service: SmsEventsPort;
  modem: ModemEventsPort;
  health: () => unknown;
  /** Masks a code in front of a command keyword in `sms.received` texts, as MQTT does. */
  maskCodes?: (text: string) => string;
}): Promise<WebhooksPart> {
  const { config, dir } = opts;
  const [
    { WebhookRegistry },
    { WebhookEngine },
    { WebhookEventSource },
    { forwardRequest },
    { eventIdOf },
  ] = await Promise.all([
    import("../webhooks/registry.js"),
    import("../webhooks/engine.js"),
    import("./webhook-events.js"),
    import("../webhooks/http-forward.js"),
    import("../webhooks/event-id.js"),
  ]);
  const w = config.webhooks;
  const registry = await WebhookRegistry.open(dir, configuredWebhooks(w), w.smsgateSigningKey);
  const engine = await WebhookEngine.open(dir, {
    registry,
    retry: {
      attempts: w.attempts,
      firstMs: w.firstRetrySeconds * 1000,
      timeoutMs: w.timeoutSeconds * 1000,
    },
    concurrency: w.concurrency,
  });
  const source = new WebhookEventSource({
    sink: engine,
    service: opts.service,
    modem: opts.modem,
    heartbeatMs: w.heartbeatSeconds * 1000,
    health: opts.health,
    ...(opts.maskCodes === undefined ? {} : { maskCodes: opts.maskCodes }),
  });
  engine.start();
  source.start();
  let reports: { stop(): void } | undefined;
  if (w.reportForwarding.length > 0) {
    const { ReportForwarding } = await import("./report-forwarding.js");
    const forwarding = new ReportForwarding(w.reportForwarding, opts.service, engine);
    forwarding.start();
    reports = forwarding;
  }
  return {
    registry,
    engine,
    started: (data) => source.started(data),
    async httpForward(rule, m) {
      if (rule.http === undefined) return;
      // One forward per rule and message: announced again after a restart, it is not re-sent.
      const key = `http:${rule.name}:${m.id}`;
      await engine.forward(
        `http:${rule.name}`,
        {
          request: forwardRequest(rule.http, m),
          allowHttp: rule.http.allowHttp,
          ...(rule.http.caFile === undefined ? {} : { caFile: rule.http.caFile }),
        },
        { id: eventIdOf(key), type: "sms.received" },
        key,
      );
    },
    async stop() {
      source.stop();
      reports?.stop();
      await engine.close();
      await registry.close();
    },
  };
}
