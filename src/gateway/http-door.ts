import type { CommandLog } from "../automation/command-log.js";
import type { ClockState } from "../clock/network-clock.js";
import type { Config } from "../config/schema.js";
import type { HealthMonitor } from "../health/index.js";
import type { HttpDoor } from "../http/index.js";
import type { GatewayMetrics } from "../metrics/index.js";
import type { AtChannel } from "../modem/at/index.js";
import type { Modem } from "../modem/modem.js";
import type { SmsService } from "../sms/service.js";
import type { BalanceMonitor, UssdService } from "../sms/ussd/index.js";
import { contactsOf } from "./contact-book.js";
import { systemTools } from "./system-tools.js";
import type { WebhooksPart } from "./webhooks.js";

/** What the HTTP door is built from: the gateway's running parts and its settings. */
export interface HttpDoorParts {
  config: Config;
  /** The store directory (tokens, Kannel's dlr-url watches, the backup). */
  dir: string;
  service: SmsService;
  modem: Modem;
  channel: AtChannel;
  health: HealthMonitor;
  mqttConnected: () => boolean;
  clock: () => ClockState;
  maskCodes: (text: string) => string;
  https?: { cert: Buffer; key: Buffer };
  metrics?: GatewayMetrics;
  ussd?: UssdService;
  balance?: BalanceMonitor;
  webhooks?: WebhooksPart;
  commandLog?: CommandLog;
  /** The config file the gateway was started with (the setup wizard, the backup). */
  configFile?: string;
  reboot?: () => Promise<void>;
  /** Where the host's /sys is read (the doctor's checks). */
  hostRoot: string;
}

/**
 * Starts the HTTP API with what its routes read of the gateway. Its code is imported only
 * now: with HTTP off, none of the HTTP framework is loaded (memory on a small Pi).
 */
export async function openHttpDoor(p: HttpDoorParts): Promise<HttpDoor> {
  const { config, dir, service, modem } = p;
  const { startHttpDoor } = await import("../http/index.js");
  const { TokenStore } = await import("../http/tokens.js");
  const contacts = await contactsOf(config, service);
  return startHttpDoor({
    service,
    modem,
    ...(p.webhooks === undefined
      ? {}
      : { webhooks: { registry: p.webhooks.registry, engine: p.webhooks.engine } }),
    tokens: new TokenStore(dir),
    maskCodes: p.maskCodes,
    storeDir: dir,
    recipients: (names) => contacts.resolve(names),
    config: config.http,
    maxParts: config.sms.maxParts,
    deliveryReports: config.sms.deliveryReports,
    startedAt: new Date(),
    mqtt: () => (p.mqttConnected() ? "connected" : "disconnected"),
    clock: p.clock,
    ...(p.https === undefined ? {} : { https: p.https }),
    ...(p.metrics === undefined ? {} : { metrics: p.metrics }),
    health: p.health,
    atTrace: () => p.channel.traceLines(),
    ...(p.ussd === undefined ? {} : { ussd: p.ussd }),
    ...(p.balance === undefined ? {} : { balance: p.balance }),
    ...(config.balance === undefined ? {} : { balanceSettings: config.balance }),
    automation: await automationView(config),
    ...(p.commandLog === undefined ? {} : { commandLog: p.commandLog }),
    ...(p.configFile === undefined ? {} : { configFile: p.configFile }),
    enterPin: (pin: string) => modem.setPin(pin),
    system: systemTools({
      config,
      modem,
      channel: p.channel,
      health: p.health,
      storeDir: dir,
      hostRoot: p.hostRoot,
      ...(p.configFile === undefined ? {} : { configFile: p.configFile }),
      ...(p.reboot === undefined ? {} : { reboot: p.reboot }),
    }),
  });
}

/** The automation section and contacts as the read-only Automation page shows them. */
async function automationView(config: Config) {
  const { redactConfig } = await import("../config/redact.js");
  const shown = redactConfig(config);
  return { automation: shown.automation, contacts: shown.contacts };
}
