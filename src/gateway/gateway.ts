import { mkdir } from "node:fs/promises";
import { resolve } from "node:path";
import type { Automation } from "../automation/automation.js";
import type { Config } from "../config/schema.js";
import { toSmsOptions } from "../config/sms-options.js";
import { errorMessage } from "../errors.js";
import { createLogger } from "../log.js";
import { AtChannel } from "../modem/at/channel.js";
import { Modem } from "../modem/modem.js";
import { MqttBridge } from "../mqtt/bridge.js";
import type { SimulatedModem } from "../simulator/index.js";
import { SmsService } from "../sms/service.js";
import type { SmsPersistence } from "../sms/state.js";
import { openSmsStore } from "../sms/store-adapter.js";
import { startAutomation } from "./automation.js";
import { modemHardware } from "./modem-port.js";

const log = createLogger("gateway");

export interface GatewayOptions {
  config: Config;
  /** An in-process simulator as the modem (demo, tests); otherwise `modem.port` decides. */
  simulator?: SimulatedModem;
  /** Modem lifecycle timings (tests shorten them). */
  modemTiming?: ConstructorParameters<typeof Modem>[0]["timing"];
}

/**
 * The composition root: transport → AT channel → modem → store → SMS service → MQTT bridge,
 * built from a Config. Started in that order and stopped in reverse, so nothing is handed a
 * part that is not running yet.
 */
export class Gateway {
  private parts:
    | {
        channel: AtChannel;
        modem: Modem;
        store: SmsPersistence;
        service: SmsService;
        bridge: MqttBridge;
        automation?: {
          automation: Automation;
          started: Promise<void>;
          stop: () => Promise<void>;
        };
        simulator?: SimulatedModem;
      }
    | undefined;
  private stopping: Promise<void> | undefined;

  constructor(private readonly opts: GatewayOptions) {}

  get service(): SmsService {
    return this.require().service;
  }
  get modem(): Modem {
    return this.require().modem;
  }
  get bridge(): MqttBridge {
    return this.require().bridge;
  }
  /** The simulator behind `sim://` (or the one given). */
  get simulator(): SimulatedModem | undefined {
    return this.parts?.simulator ?? this.opts.simulator;
  }

  /**
   * Resolves once automation, when configured, has started (or failed to) and hears inbound
   * SMS; start() does not wait for it, as it waits for the broker.
   */
  whenAutomationStarted(): Promise<void> {
    return this.parts?.automation?.started ?? Promise.resolve();
  }

  async start(): Promise<void> {
    if (this.parts !== undefined) return;
    const { config } = this.opts;
    const hw = await modemHardware(config.modem, this.opts.simulator);
    const channel = new AtChannel({ open: hw.open });
    const modem = new Modem({
      channel,
      ...(hw.power === undefined ? {} : { power: hw.power }),
      profile: config.modem.profile,
      ...(config.modem.pin === undefined ? {} : { pin: config.modem.pin }),
      allowRoaming: config.modem.allowRoaming,
      storage: config.modem.storage,
      timing: {
        healthIntervalMs: config.modem.healthIntervalSeconds * 1000,
        ...this.opts.modemTiming,
      },
    });
    const dir = resolve(config.store.dir);
    await mkdir(dir, { recursive: true });
    const store = await openSmsStore(dir);
    // The inbox reads the memory the modem set-up selected; the two must agree.
    const options = { ...toSmsOptions(config.sms), storage: config.modem.storage };
    const service = new SmsService({ modem, store, options });
    const bridge = new MqttBridge({ config, service, modem });
    this.parts = {
      channel,
      modem,
      store,
      service,
      bridge,
      ...(hw.simulator ? { simulator: hw.simulator } : {}),
    };
    try {
      await modem.start();
      await service.start();
      await bridge.start();
      const automation = await startAutomation({ config, service, modem, store, dir });
      if (automation !== undefined) this.parts.automation = automation;
    } catch (err) {
      await this.stop();
      throw err;
    }
    log.info(
      {
        port: config.modem.port,
        store: dir,
        broker: config.mqtt.url.replace(/\/\/[^@]*@/, "//***@"),
      },
      "gateway started",
    );
  }

  /** Stops in reverse order; safe to call twice (the second call waits for the first). */
  stop(): Promise<void> {
    this.stopping ??= this.stopParts().finally(() => {
      this.stopping = undefined;
    });
    return this.stopping;
  }

  private async stopParts(): Promise<void> {
    const p = this.parts;
    if (p === undefined) return;
    this.parts = undefined;
    const step = async (name: string, fn: () => Promise<void> | undefined) => {
      try {
        await fn();
      } catch (err) {
        log.warn({ err: errorMessage(err), part: name }, "error while stopping");
      }
    };
    await step("automation", () => p.automation?.stop());
    await step("mqtt", () => p.bridge.stop());
    await step("sms", () => p.service.stop());
    await step("modem", () => p.modem.stop());
    await step("store", () => p.store.close?.());
    log.info("gateway stopped");
  }

  private require(): NonNullable<Gateway["parts"]> {
    if (this.parts === undefined) throw new Error("the gateway is not started");
    return this.parts;
  }
}

/**
 * SIGTERM/SIGINT stop the gateway gracefully (offline state published, store closed); a second
 * signal while stopping exits at once. Returns a function that removes the handlers.
 */
export function stopOnSignals(gateway: Gateway, onStopped: (signal: string) => void): () => void {
  let stopping = false;
  const handler = (signal: NodeJS.Signals) => {
    if (stopping) {
      log.warn({ signal }, "second signal: exiting now");
      process.exit(130);
    }
    stopping = true;
    log.info({ signal }, "stopping");
    gateway.stop().then(
      () => onStopped(signal),
      (err: unknown) => {
        log.error({ err: errorMessage(err) }, "stop failed");
        onStopped(signal);
      },
    );
  };
  process.on("SIGTERM", handler);
  process.on("SIGINT", handler);
  return () => {
    process.off("SIGTERM", handler);
    process.off("SIGINT", handler);
  };
}
