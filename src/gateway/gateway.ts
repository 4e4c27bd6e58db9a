import { mkdir } from "node:fs/promises";
import { resolve } from "node:path";
import type { CommandAuditEvent } from "../automation/audit.js";
import type { Automation } from "../automation/automation.js";
import type { Clock } from "../automation/clock.js";
import { commandKeywords, maskLeadingCode } from "../automation/code-mask.js";
import type { CommandLog } from "../automation/command-log.js";
import { type ClockState, NetworkClock } from "../clock/network-clock.js";
import { bootUptimeMs } from "../clock/network-time-file.js";
import type { Config } from "../config/schema.js";
import { toSmsOptions } from "../config/sms-options.js";
import type { EmailDoor } from "../email/index.js";
import { errorMessage } from "../errors.js";
import { HealthMonitor } from "../health/index.js";
import type { HttpDoor } from "../http/index.js";
import { createLogger } from "../log.js";
import type { GatewayMetrics, MetricsListener } from "../metrics/index.js";
import { AtChannel } from "../modem/at/index.js";
import { Modem } from "../modem/modem.js";
import { MqttBridge } from "../mqtt/bridge.js";
import type { SimulatedModem } from "../simulator/index.js";
import type { DeliveryStore, SmppDoor } from "../smpp/index.js";
import { CallMonitor, type DecidedCall } from "../sms/calls/index.js";
import { OptOutList } from "../sms/opt-out/opt-out-list.js";
import { SmsService } from "../sms/service.js";
import type { SmsPersistence } from "../sms/state.js";
import { openSmsStore } from "../sms/store-adapter.js";
import { BalanceMonitor, UssdService } from "../sms/ussd/index.js";
import { readUndervoltage } from "../util/undervoltage.js";
import { withTimeout } from "../util/with-timeout.js";
import { version } from "../version.js";
import { startAutomation } from "./automation.js";
import { balanceAlertRule, balanceOptions } from "./balance.js";
import { CallRelay } from "./call-relay.js";
import { keepInLog, openCommandLog } from "./command-log.js";
import { contactsOf } from "./contact-book.js";
import { openHttpDoor } from "./http-door.js";
import { modemHardware } from "./modem-port.js";
import { logModemProblems } from "./modem-problems.js";
import { networkTimePath, offerNetworkTime } from "./network-time.js";
import { SmppSessionsRelay } from "./smpp-sessions.js";
import type { WebhooksPart } from "./webhooks.js";

const log = createLogger("gateway");

/** How often the health document is evaluated for `<base>/bridge/health` (and systemd). */
const HEALTH_INTERVAL_MS = 30_000;

export interface GatewayOptions {
  config: Config;
  /** An in-process simulator as the modem (demo, tests); otherwise `modem.port` decides. */
  simulator?: SimulatedModem;
  /** Modem lifecycle timings (tests shorten them). */
  modemTiming?: ConstructorParameters<typeof Modem>[0]["timing"];
  /**
   * Tests only: the time the automation reads (rate windows, quiet hours, code ages) instead
   * of the system clock, so a test can put the gateway at a chosen hour without fake timers.
   */
  automationClock?: Clock;
  /**
   * Tests only: the clock check's verdict as the automation sees it, instead of what the
   * network clock learned from the module (which takes a poll of the module to settle).
   */
  automationClockState?: () => ClockState;
  /** Tests only: the filesystem root the host's /sys is read under (a fake sysfs tree). */
  hostRoot?: string;
  /**
   * The config file it was started with: the web UI's setup wizard edits it, its backup holds
   * it, a restore writes it; absent: none.
   */
  configFile?: string;
  /** Reboots the host (the SD image's systemd service only); absent: the UI's reboot refuses. */
  reboot?: () => Promise<void>;
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
        /** USSD over the modem, when `ussd.enabled`. */
        ussd?: UssdService;
        /** The SIM's credit, when `balance` is configured. */
        balance?: BalanceMonitor;
        /** Incoming calls, when `calls.enabled`. */
        calls?: CallMonitor;
        automation?: {
          automation: Automation;
          started: Promise<void>;
          stop: () => Promise<void>;
        };
        clock: NetworkClock;
        /** The last remote-command attempts, when automation is configured. */
        commandLog?: CommandLog;
        /** The HTTP API, when `http.enabled`. */
        http?: HttpDoor;
        /** The SMPP server, when `smpp.enabled`. */
        smpp?: SmppDoor;
        /** Its line of deliveries, opened before the SMS service starts. */
        smppDeliveries?: DeliveryStore;
        /** E-mail ⇄ SMS, when `email.smtp.enabled` or `email.relay.host`. */
        email?: EmailDoor;
        health: HealthMonitor;
        /** Webhooks and HTTP forwarding, when anything uses them. */
        webhooks?: WebhooksPart;
        /** The program run on receive, when `automation.onReceive.exec` names one. */
        onReceive?: { stop: () => Promise<void> };
        /** Prometheus metrics, when `metrics.enabled`; their own listener when HTTP is off. */
        metrics?: GatewayMetrics;
        metricsListener?: MetricsListener;
        simulator?: SimulatedModem;
        /** Stops logging the modem's failures. */
        unwatch: () => void;
      }
    | undefined;
  private stopping: Promise<void> | undefined;
  /** The start under way, and how a stop() tells it to go no further. */
  private starting: { done: Promise<void>; abort: AbortController } | undefined;

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
  /** USSD over the modem; undefined when `ussd.enabled` is false. */
  get ussd(): UssdService | undefined {
    return this.require().ussd;
  }
  /** The balance monitor; undefined without `balance` in the config. */
  get balance(): BalanceMonitor | undefined {
    return this.require().balance;
  }
  /** The automation, once it is configured and built (start() builds it last). */
  get automation(): Automation | undefined {
    return this.require().automation?.automation;
  }

  /** The HTTP API when `http.enabled` and started; undefined otherwise. */
  get http(): HttpDoor | undefined {
    return this.parts?.http;
  }
  /** The SMPP server when `smpp.enabled` and started; undefined otherwise. */
  get smpp(): SmppDoor | undefined {
    return this.parts?.smpp;
  }
  /** Webhooks and HTTP forwarding; undefined when nothing uses them. */
  get webhooks(): WebhooksPart | undefined {
    return this.parts?.webhooks;
  }
  /** E-mail ⇄ SMS when `email.smtp.enabled` or `email.relay.host`; undefined otherwise. */
  get email(): EmailDoor | undefined {
    return this.parts?.email;
  }
  /** The Prometheus metrics when `metrics.enabled`; undefined otherwise. */
  get metrics(): GatewayMetrics | undefined {
    return this.parts?.metrics;
  }
  /** The metrics' own listener (metrics on, HTTP off); undefined otherwise. */
  get metricsListener(): MetricsListener | undefined {
    return this.parts?.metricsListener;
  }
  /** The gateway's health (the document the HTTP API and `<base>/bridge/health` show). */
  get health(): HealthMonitor {
    return this.require().health;
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

  /**
   * Builds and starts every part. A modem that cannot be reached (no port, not a modem) does
   * not stop the rest: the bridge still comes up and reports it. A stop() during the start
   * ends it early (it resolves; nothing more is started or published).
   */
  start(): Promise<void> {
    if (this.starting !== undefined) return this.starting.done;
    if (this.parts !== undefined) return Promise.resolve();
    const abort = new AbortController();
    const done = this.startParts(abort.signal).finally(() => {
      this.starting = undefined;
    });
    this.starting = { done, abort };
    return done;
  }

  private async startParts(signal: AbortSignal): Promise<void> {
    const { config } = this.opts;
    // A TLS file that cannot be read is a config error: found before anything is started.
    const https = config.http.enabled
      ? await (await import("../http/tls-files.js")).readTlsFiles(config.http)
      : undefined;
    if (signal.aborted) return;
    const hw = await modemHardware(config.modem, this.opts.simulator);
    if (signal.aborted) {
      await hw.power?.close?.();
      await hw.simulator?.close();
      return;
    }
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
    const unwatch = logModemProblems(modem, config.modem, log);
    const dir = resolve(config.store.dir);
    // The store holds every SMS text: private to the gateway's user whatever the umask.
    await mkdir(dir, { recursive: true, mode: 0o700 });
    // The opt-out list sits beside the store, durable on its own; read (a damaged one refuses
    // the start) before the store is opened and locked.
    const optOuts = await OptOutList.open(dir);
    const store = await openSmsStore(dir, {
      historyRetentionDays: config.sms.historyRetentionDays,
    });
    // The inbox reads the memory the modem set-up selected; the two must agree.
    const options = { ...toSmsOptions(config.sms), storage: config.modem.storage };
    const service = new SmsService({ modem, store, options, optOuts });
    // The system clock checked against the network's (module clock, SC timestamps): one-time
    // codes depend on it, and a Pi without NTP has no other time after a power cut.
    const clock = new NetworkClock(Date.now, () => bootUptimeMs());
    service.on("inbound", (m) => clock.observeSmsTimestamp(m.timestamp));
    // Offered to a root service that sets the system clock when NTP is unavailable.
    const timePath = networkTimePath(config.modem);
    if (timePath !== undefined) offerNetworkTime(clock, timePath);
    const ussd = config.ussd.enabled
      ? new UssdService({
          at: channel,
          modem,
          encoding: config.ussd.requestEncoding,
          timeoutMs: config.ussd.timeoutSeconds * 1000,
          idleTimeoutMs: config.ussd.idleTimeoutSeconds * 1000,
        })
      : undefined;
    const balance =
      config.balance === undefined
        ? undefined
        : new BalanceMonitor(balanceOptions(config.balance, service, ussd));
    const calls = config.calls.enabled
      ? new CallMonitor({
          at: channel,
          modem,
          contacts: new Map(config.contacts.map((c) => [c.number, c.name])),
          rules: config.calls,
        })
      : undefined;
    // The automation decides calls when call triggers are configured; the relay announces them.
    const callRelay =
      calls === undefined
        ? undefined
        : new CallRelay(
            calls,
            config.automation.callTriggers.length > 0,
            () => this.parts?.automation?.automation.handlesCalls === true,
          );
    const keywords = commandKeywords(config.automation);
    // The bridge is asked whether it is connected only once it exists (the document's
    // mqtt:connected check); the monitor hears outcomes from the first message on.
    let connected = () => false;
    const hostRoot = this.opts.hostRoot ?? "/";
    const undervoltage = () => readUndervoltage(hostRoot);
    const health = new HealthMonitor({
      modem,
      service,
      storeDir: dir,
      mqttConnected: () => connected(),
      undervoltage,
      version,
    });
    // Bound SMPP sessions in bridge/info: the server starts after the bridge.
    const smppSessions = config.smpp.enabled ? new SmppSessionsRelay() : undefined;
    const bridge = new MqttBridge({
      health,
      config,
      service,
      modem,
      clock: () => clock.state,
      maskCodes: (text) => maskLeadingCode(text, keywords),
      ...(ussd === undefined ? {} : { ussd }),
      ...(balance === undefined ? {} : { balance }),
      ...(callRelay === undefined ? {} : { calls: callRelay }),
      ...(smppSessions === undefined ? {} : { smpp: smppSessions }),
    });
    connected = () => bridge.connected;
    // Imported only when on: with metrics off, none of prom-client is loaded (memory). Made
    // before the modem starts, so the start-up's AT commands are counted too.
    const metrics = config.metrics.enabled
      ? (await import("../metrics/index.js")).createGatewayMetrics({
          modem,
          service,
          mqttConnected: () => bridge.connected,
          undervoltage,
          version,
          ...(ussd === undefined ? {} : { ussd }),
          ...(balance === undefined ? {} : { balance }),
          ...(callRelay === undefined ? {} : { calls: callRelay }),
          ...(config.smpp.enabled ? { smpp: () => this.parts?.smpp } : {}),
        })
      : undefined;
    this.parts = {
      channel,
      modem,
      store,
      service,
      bridge,
      ...(ussd === undefined ? {} : { ussd }),
      ...(balance === undefined ? {} : { balance }),
      ...(calls === undefined ? {} : { calls }),
      unwatch,
      clock,
      health,
      ...(metrics === undefined ? {} : { metrics }),
      ...(hw.simulator ? { simulator: hw.simulator } : {}),
    };
    let smppDeliveries: DeliveryStore | undefined;
    const steps: Array<() => Promise<void>> = [
      () => modem.start(),
      async () => {
        clock.watch(
          modem.at,
          () => modem.state === "ready",
          config.modem.healthIntervalSeconds * 1000,
        );
        modem.whenReady().then(
          () => clock.poll(modem.at),
          () => {}, // stopped before it was ready: nothing to read
        );
      },
      async () => {
        if (!config.smpp.enabled) return;
        // Following the SMS service before it starts: no inbound SMS of the start-up is missed.
        const { openSmppDeliveries } = await import("../smpp/index.js");
        smppDeliveries = await openSmppDeliveries(config.smpp, service, dir);
        if (this.parts !== undefined) this.parts.smppDeliveries = smppDeliveries;
        else await smppDeliveries.close();
      },
      () => service.start(),
      async () => {
        // Right after the SMS service: events from here on are queued, and what it announced
        // before (messages not yet handed on) is caught up from its pending list.
        const { startWebhooks, webhooksWanted } = await import("./webhooks.js");
        if (!webhooksWanted(config, dir)) return;
        const webhooks = await startWebhooks({
          config,
          dir,
          service,
          modem,
          health: () => health.latest ?? null,
          maskCodes: (text) => maskLeadingCode(text, keywords),
        });
        metrics?.watchWebhooks(webhooks.engine);
        if (this.parts !== undefined) this.parts.webhooks = webhooks;
        else await webhooks.stop();
      },
      async () => {
        const exec = config.automation.onReceive.exec;
        if (exec === undefined) return;
        const { startRunOnReceive } = await import("./on-receive.js");
        const run = startRunOnReceive(config.automation.onReceive, exec, service);
        if (this.parts !== undefined) this.parts.onReceive = run;
        else await run.stop();
      },
      async () => ussd?.start(),
      async () => balance?.start(),
      async () => calls?.start(),
      async () => health.watch(HEALTH_INTERVAL_MS),
      () => bridge.start(),
      async () => {
        const commandLog = await openCommandLog(config, dir);
        if (commandLog === undefined) return;
        if (this.parts !== undefined) this.parts.commandLog = commandLog;
        else await commandLog.close();
      },
      async () => {
        if (!config.http.enabled) return;
        const http = await openHttpDoor({
          config,
          dir,
          service,
          modem,
          channel,
          health,
          hostRoot,
          mqttConnected: () => bridge.connected,
          clock: () => clock.state,
          maskCodes: (text) => maskLeadingCode(text, keywords),
          ...(https === undefined ? {} : { https }),
          ...(metrics === undefined ? {} : { metrics }),
          ...(ussd === undefined ? {} : { ussd }),
          ...(balance === undefined ? {} : { balance }),
          ...(this.parts?.webhooks === undefined ? {} : { webhooks: this.parts.webhooks }),
          ...(this.parts?.commandLog === undefined ? {} : { commandLog: this.parts.commandLog }),
          ...(this.opts.configFile === undefined ? {} : { configFile: this.opts.configFile }),
          ...(this.opts.reboot === undefined ? {} : { reboot: this.opts.reboot }),
        });
        if (this.parts !== undefined) this.parts.http = http;
        else await http.close();
      },
      async () => {
        if (!config.smpp.enabled) return;
        // Imported only now: with SMPP off, none of the SMPP server is loaded (memory).
        const { startSmppDoor } = await import("../smpp/index.js");
        const smpp = await startSmppDoor({
          config: config.smpp,
          service,
          storeDir: dir,
          onSessionsChange: () => smppSessions?.changed(),
          ...(smppDeliveries === undefined ? {} : { deliveries: smppDeliveries }),
          ...(metrics === undefined ? {} : { onBindFailure: () => metrics.authFailure("smpp") }),
        });
        if (this.parts !== undefined) {
          this.parts.smpp = smpp;
          smppSessions?.attach(smpp);
        } else await smpp.close();
      },
      async () => {
        // With the HTTP API on, it serves /metrics (behind a token); otherwise a small listener.
        if (metrics === undefined || config.http.enabled) return;
        const { startMetricsListener } = await import("../metrics/index.js");
        const { parseListen } = await import("../config/sections/metrics.js");
        const address = parseListen(config.metrics.listen);
        if (address === undefined) return; // the schema refused it already
        const listener = await startMetricsListener(metrics, address);
        if (this.parts !== undefined) this.parts.metricsListener = listener;
        else await listener.close();
      },
      async () => {
        if (!config.email.smtp.enabled && config.email.relay.host === undefined) return;
        // Imported only now: without e-mail, none of the mail libraries is loaded (memory).
        const { startEmailDoor } = await import("../email/index.js");
        const contacts = await contactsOf(config, service);
        const email = await startEmailDoor({
          config: config.email,
          service,
          storeDir: dir,
          resolve: (names) => contacts.resolve(names),
          nameOf: (m) => contacts.nameOf(m),
          maskCode: (text) => maskLeadingCode(text, keywords),
          maxRecipients: config.sms.maxRecipients,
        });
        if (this.parts !== undefined) this.parts.email = email;
        else await email.close();
      },
      async () => {
        const email = this.parts?.email?.mail;
        const automation = await startAutomation({
          config: withBalanceAlert(config),
          service,
          modem,
          store,
          dir,
          clock,
          ...onCommand(metrics, this.parts?.commandLog),
          ...(this.opts.automationClock === undefined
            ? {}
            : { automationClock: this.opts.automationClock }),
          ...(this.opts.automationClockState === undefined
            ? {}
            : { automationClockState: this.opts.automationClockState }),
          ...(calls === undefined || callRelay === undefined
            ? {}
            : { calls, onCallDecided: (c: DecidedCall) => callRelay.decided(c) }),
          ...(this.parts?.webhooks === undefined
            ? {}
            : { httpForward: this.parts.webhooks.httpForward }),
          ...(email === undefined ? {} : { mail: email }),
        });
        if (automation !== undefined && this.parts !== undefined)
          this.parts.automation = automation;
      },
    ];
    try {
      for (const step of steps) {
        // A stop() came: it stops whatever was started once this start has returned.
        if (signal.aborted) return;
        await step();
      }
    } catch (err) {
      if (signal.aborted) return;
      await this.stopParts();
      throw err;
    }
    if (signal.aborted) return;
    this.parts?.webhooks?.started({ version, modem: modem.state });
    log.info(
      {
        port: config.modem.port,
        modem: `${modem.state}/${modem.reason}`,
        store: dir,
        broker: config.mqtt.url.replace(/\/\/[^@]*@/, "//***@"),
      },
      "gateway started",
    );
  }

  /**
   * Stops in reverse order; safe to call twice (the second call waits for the first) and
   * during start() (which then ends early).
   */
  stop(): Promise<void> {
    this.stopping ??= this.stopAll().finally(() => {
      this.stopping = undefined;
    });
    return this.stopping;
  }

  private async stopAll(): Promise<void> {
    const starting = this.starting;
    if (starting !== undefined) {
      starting.abort.abort();
      // The one start step that may wait long is the modem's first open (a TCP connect to a
      // silent host): stopping the modem ends it. The other steps are short.
      await this.parts?.modem.stop();
      await starting.done.catch(() => undefined);
    }
    await this.stopParts();
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
    p.clock.stop();
    p.health.stop();
    await step("http", () => p.http?.close());
    await step("smpp", async () => {
      await p.smpp?.close();
      await p.smppDeliveries?.close();
    });
    await step("metrics", () => p.metricsListener?.close());
    p.metrics?.stop();
    await step("automation", () => p.automation?.stop());
    await step("command-log", () => p.commandLog?.close());
    await step("email", () => p.email?.close());
    await step("mqtt", () => p.bridge.stop());
    await step("balance", () => p.balance?.stop());
    p.ussd?.stop();
    p.calls?.stop();
    await step("on-receive", () => p.onReceive?.stop());
    await step("webhooks", () => p.webhooks?.stop());
    await step("sms", () => p.service.stop());
    await step("modem", () => p.modem.stop());
    p.unwatch();
    await step("store", () => p.store.close?.());
    // Only a simulator the gateway made for `sim://` (one given to it belongs to the caller).
    await step("simulator", () => p.simulator?.close());
    log.info("gateway stopped");
  }

  private require(): NonNullable<Gateway["parts"]> {
    if (this.parts === undefined) throw new Error("the gateway is not started");
    return this.parts;
  }
}

/**
 * Batch recipients as the automation names people: contact names (`contacts`,
 * `automation.contacts.numbers`), group names (each member) and numbers, national numbers
 * placed in the configured home country or the SIM's.
 */
/** The automation config with its secrets masked, and the contacts (the web UI shows them). */
/** Each command attempt counted (metrics) and kept (the log), when either is there. */
function onCommand(
  metrics: GatewayMetrics | undefined,
  commandLog: CommandLog | undefined,
): { onCommand?: (e: CommandAuditEvent) => void } {
  const keep = commandLog === undefined ? undefined : keepInLog(commandLog);
  if (metrics === undefined && keep === undefined) return {};
  return {
    onCommand: (e) => {
      metrics?.remoteCommand(e.outcome);
      keep?.(e);
    },
  };
}

/**
 * How long a graceful stop may take before the process gives up on it: service managers
 * (systemd: 90 s) and people at a terminal expect a stop to take seconds. Everything kept is
 * already on disk (each write is durable before it is acknowledged).
 */
export const STOP_DEADLINE_MS = 5_000;

/**
 * SIGTERM/SIGINT stop the gateway gracefully (offline state published, store closed), also
 * while it is still starting; a stop that takes longer than STOP_DEADLINE_MS is given up (and
 * said so), and a second signal while stopping exits at once. Returns a function that removes
 * the handlers.
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
    withTimeout(
      gateway.stop(),
      STOP_DEADLINE_MS,
      () => new Error(`not stopped within ${STOP_DEADLINE_MS} ms`),
    ).then(
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

/** The low-credit alert, when `balance.lowBelow` asks for one, as one more alert rule. */
function withBalanceAlert(config: Config): Config {
  const rule = balanceAlertRule(config);
  if (rule === undefined) return config;
  const alerts = config.automation.alerts;
  return {
    ...config,
    automation: { ...config.automation, alerts: { ...alerts, rules: [...alerts.rules, rule] } },
  };
}
