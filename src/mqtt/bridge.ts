import type { IPublishPacket } from "mqtt";
import type { Config } from "../config/schema.js";
import { SmsgwError } from "../errors.js";
import { version as packageVersion } from "../version.js";
import { MqttConnection } from "./connection.js";
import { type BridgeContext, type Feature, log, refuse } from "./context.js";
import { BridgeRequestsFeature } from "./features/bridge-requests.js";
import { BridgeStateFeature } from "./features/bridge-state.js";
import { CallEventsFeature } from "./features/call-events.js";
import { FleetFeature } from "./features/fleet.js";
import { FleetStatusEventsFeature } from "./features/fleet-send.js";
import { HealthFeature } from "./features/health.js";
import { HomeAssistantFeature } from "./features/homeassistant.js";
import { InboundFeature } from "./features/inbound.js";
import { ModemStateFeature } from "./features/modem-state.js";
import { StatusEventsFeature } from "./features/status-events.js";
import { UssdEventsFeature } from "./features/ussd-events.js";
import type {
  BalancePort,
  CallsPort,
  HealthView,
  ModemView,
  SmppSessionsPort,
  SmsPort,
  UssdPort,
} from "./ports.js";
import { Topics, topicBase } from "./topics.js";

export interface MqttBridgeOptions {
  config: Config;
  service: SmsPort;
  modem: ModemView;
  version?: string;
  /** The system clock's state against the network's time, for `<base>/modem`. */
  clock?: () => "synchronised" | "unsynchronised" | "unknown";
  /** Masks a leading code in front of a command keyword in received texts (see BridgeContext). */
  maskCodes?: (text: string) => string;
  /** USSD through the modem (`bridge/request/ussd`, `<base>/ussd`); absent: refused. */
  ussd?: UssdPort;
  /** The SIM's credit (`<base>/modem`, Home Assistant, `bridge/request/balance/check`). */
  balance?: BalancePort;
  /** Incoming calls (`<base>/call`, missed calls in `<base>/modem`, Home Assistant). */
  calls?: CallsPort;
  /** The gateway's health, published on `<base>/bridge/health`. */
  health?: HealthView;
  /** Bound SMPP sessions, shown in `bridge/info` (republished on each change). */
  smpp?: SmppSessionsPort;
}

/**
 * The MQTT bridge: one broker connection and small features, each with start()/stop(). It
 * talks to the SMS service and reads the modem's state; it knows nothing of AT commands.
 */
export class MqttBridge {
  private connection: MqttConnection | undefined;
  private features: Feature[] = [];
  private requests: BridgeRequestsFeature | undefined;
  private homeassistant: HomeAssistantFeature | undefined;
  private ctx: BridgeContext | undefined;
  private readonly inFlight = new Set<Promise<void>>();
  private stopping = false;

  constructor(private readonly opts: MqttBridgeOptions) {}

  get connected(): boolean {
    return this.connection?.connected === true;
  }

  get topics(): Topics {
    return new Topics(topicBase(this.opts.config.mqtt));
  }

  /** Attaches the features and starts connecting (does not wait for the broker). */
  async start(): Promise<void> {
    if (this.connection !== undefined) return;
    this.stopping = false;
    const { config } = this.opts;
    const topics = this.topics;
    const fleet = config.mqtt.fleet;
    const connection = new MqttConnection({
      config: config.mqtt,
      will: { topic: topics.bridgeState, payload: JSON.stringify({ state: "offline" }) },
      subscriptions: [...topics.subscriptions, ...HomeAssistantFeature.subscriptions(config)],
      onMessage: (topic, payload, packet) => this.route(topic, payload, packet),
    });
    const ctx: BridgeContext = {
      connection,
      topics,
      service: this.opts.service,
      modem: this.opts.modem,
      ...(this.opts.clock === undefined ? {} : { clock: this.opts.clock }),
      ...(this.opts.maskCodes === undefined ? {} : { maskCodes: this.opts.maskCodes }),
      ...(this.opts.ussd === undefined ? {} : { ussd: this.opts.ussd }),
      ...(this.opts.balance === undefined ? {} : { balance: this.opts.balance }),
      ...(this.opts.calls === undefined ? {} : { calls: this.opts.calls }),
      ...(this.opts.health === undefined ? {} : { health: this.opts.health }),
      ...(this.opts.smpp === undefined ? {} : { smpp: this.opts.smpp }),
      config,
      version: this.opts.version ?? packageVersion,
      startedAt: new Date(),
    };
    this.requests = new BridgeRequestsFeature(ctx);
    // Also when turned off: it then clears the configs an earlier run published.
    this.homeassistant = new HomeAssistantFeature(ctx);
    this.features = [
      new BridgeStateFeature(ctx),
      fleet.enabled
        ? new FleetStatusEventsFeature(ctx, fleet.gatewayId)
        : new StatusEventsFeature(ctx),
      new InboundFeature(ctx),
      new ModemStateFeature(ctx),
      new UssdEventsFeature(ctx),
      new CallEventsFeature(ctx),
      ...(this.opts.health === undefined ? [] : [new HealthFeature(ctx)]),
      this.requests,
      this.homeassistant,
      // Fleet mode: `<base>/fleet/send` shared with the group, on a session of its own.
      ...(fleet.enabled ? [new FleetFeature(ctx, fleet, (work) => this.track(work))] : []),
    ];
    this.ctx = ctx;
    // Set before the features start, so a stop() meanwhile finds the bridge to stop.
    this.connection = connection;
    for (const f of this.features) {
      await f.start();
      if (this.connection !== connection) return;
    }
    connection.start();
  }

  /** Resolves once connected to the broker (now or later); rejects after `timeoutMs`. */
  whenConnected(timeoutMs = 30_000): Promise<void> {
    const connection = this.connection;
    if (connection === undefined)
      return Promise.reject(new SmsgwError("mqtt.not-started", "the bridge is not started"));
    if (connection.connected) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        connection.off("connect", onConnect);
        reject(new SmsgwError("mqtt.timeout", `no broker connection within ${timeoutMs} ms`));
      }, timeoutMs);
      const onConnect = () => {
        clearTimeout(timer);
        resolve();
      };
      connection.once("connect", onConnect);
    });
  }

  /**
   * Stops taking requests (those not yet handled stay with the broker), finishes the ones being
   * handled, publishes `offline` and disconnects.
   */
  async stop(): Promise<void> {
    const connection = this.connection;
    if (connection === undefined) return;
    this.stopping = true;
    await Promise.allSettled([...this.inFlight]);
    for (const f of [...this.features].reverse()) await f.stop();
    this.features = [];
    this.connection = undefined;
    await connection.stop({
      topic: this.topics.bridgeState,
      payload: JSON.stringify({ state: "offline", since: new Date().toISOString() }),
    });
  }

  private route(topic: string, payload: Buffer, packet: IPublishPacket): Promise<boolean> {
    return this.track(() => this.dispatch(topic, payload, packet));
  }

  /** Runs a handler unless stopping (then false: no PUBACK, the broker keeps the message). */
  private async track(work: () => Promise<void>): Promise<boolean> {
    if (this.stopping) return false;
    const job = work();
    this.inFlight.add(job);
    try {
      await job;
    } finally {
      this.inFlight.delete(job);
    }
    return true;
  }

  private async dispatch(topic: string, payload: Buffer, packet: IPublishPacket): Promise<void> {
    const ctx = this.ctx;
    if (ctx === undefined || this.requests === undefined) return;
    if (this.homeassistant !== undefined) {
      if (topic === this.homeassistant.statusTopic) {
        this.homeassistant.onStatus(payload);
        return;
      }
      if (this.homeassistant.ownsConfig(topic)) {
        this.homeassistant.onConfig(topic, payload);
        return;
      }
    }
    // Which request a topic asks for; the request table (handlers/) knows what each one does.
    const c = ctx.topics.classify(topic);
    switch (c.kind) {
      case "send":
        return this.requests.handle("send", { kind: "json" }, topic, payload, packet);
      case "send-to":
        return this.requests.handle(
          "send",
          { kind: "text", number: c.number },
          topic,
          payload,
          packet,
        );
      case "request":
        return this.requests.handle(c.name, { kind: "json" }, topic, payload, packet);
      case "invalid":
        refuse(ctx, c.respondTo, topic, new SmsgwError("mqtt.invalid-topic", c.reason));
        return;
      case "foreign":
        log.debug({ topic }, "message on a topic the bridge does not handle");
        return;
    }
  }
}
