import { EventEmitter } from "node:events";
import { readFileSync } from "node:fs";
import { connect, type IClientOptions, type IPublishPacket, type MqttClient } from "mqtt";
import { redactUrl } from "../config/redact.js";
import type { MqttConfig } from "../config/schema.js";
import { errorMessage, SmsgwError } from "../errors.js";
import { createLogger } from "../log.js";
import { withTimeout } from "../util/with-timeout.js";
import { assertPublishableTopic } from "./topic-name.js";
import { PUBLISH_OPTIONS, type PublishedKind, type PublishedPayloads } from "./topics.js";

const log = createLogger("mqtt");

/** MQTT 5 ends a session at disconnect unless told otherwise; keep queued requests a week. */
const SESSION_EXPIRY_S = 7 * 24 * 3600;

/**
 * A QoS 1 publish waits for its PUBACK; over a dead link that may never come. Past this the
 * caller gets `mqtt.publish-timeout` and goes on (mqtt.js still delivers it after a reconnect).
 */
export const PUBLISH_TIMEOUT_MS = 30_000;

/**
 * What a message handler decides: `true` acknowledge (PUBACK) now; `false` never (the gateway
 * is stopping: the broker delivers the message again to the next session).
 */
export type MessageHandler = (
  topic: string,
  payload: Buffer,
  packet: IPublishPacket,
) => Promise<boolean>;

export interface MqttConnectionOptions {
  config: MqttConfig;
  /** Last will: published by the broker when the connection dies. */
  will: { topic: string; payload: string };
  /** Subscribed (QoS 1) after every connect. */
  subscriptions: string[];
  onMessage: MessageHandler;
  /** How long a publish waits for its PUBACK (default PUBLISH_TIMEOUT_MS). */
  publishTimeoutMs?: number;
}

export interface MqttConnectionEvents {
  connect: [{ sessionPresent: boolean }];
  offline: [];
}

/**
 * The broker connection: persistent session (`clean: false`, stable client id), QoS 1
 * subscriptions, last will, reconnect with exponential backoff, TLS and username/password.
 * A received QoS 1 message is acknowledged only after its handler resolved, so a request
 * is either durably queued or delivered again (the handler runs before mqtt.js sends PUBACK).
 */
export class MqttConnection extends EventEmitter<MqttConnectionEvents> {
  private client: MqttClient | undefined;
  private backoffMs: number;
  private stopping = false;

  constructor(private readonly opts: MqttConnectionOptions) {
    super();
    this.backoffMs = secondsToMs(opts.config.reconnect.minSeconds);
  }

  get connected(): boolean {
    return this.client?.connected === true;
  }

  /** Starts connecting; does not wait for the broker (the gateway works without it). */
  start(): void {
    if (this.client !== undefined) return;
    assertPublishableTopic(this.opts.will.topic);
    this.stopping = false;
    const client = connect(this.opts.config.url, this.clientOptions());
    this.client = client;
    client.handleMessage = (packet, done) => {
      this.opts
        .onMessage(packet.topic, Buffer.from(packet.payload), packet)
        .then((ack) => {
          if (ack) done();
        })
        .catch((err: unknown) => {
          // Handlers answer errors themselves; reaching here is a bug, but never a crash.
          log.error({ err: errorMessage(err), topic: packet.topic }, "message handler failed");
          done();
        });
    };
    client.on("connect", (connack) => {
      this.backoffMs = secondsToMs(this.opts.config.reconnect.minSeconds);
      client.options.reconnectPeriod = this.backoffMs;
      log.info(
        { url: redactUrl(this.opts.config.url), sessionPresent: connack.sessionPresent },
        "connected to the broker",
      );
      client
        .subscribeAsync(
          Object.fromEntries(this.opts.subscriptions.map((t) => [t, { qos: 1 as const }])),
        )
        .then((grants) => {
          const refused = grants.filter((g) => g.qos === 128);
          if (refused.length > 0)
            log.error({ topics: refused.map((g) => g.topic) }, "the broker refused subscriptions");
        })
        .catch((err: unknown) => log.warn({ err: errorMessage(err) }, "subscribing failed"));
      this.emit("connect", { sessionPresent: connack.sessionPresent });
    });
    client.on("close", () => this.scheduleBackoff(client));
    client.on("offline", () => {
      log.warn("broker connection lost; reconnecting");
      this.emit("offline");
    });
    client.on("error", (err) => log.warn({ err: errorMessage(err) }, "MQTT error"));
  }

  /**
   * Every publish of the bridge goes through here: the topic is checked against MQTT's rules
   * (`mqtt.invalid-topic`, nothing is sent), and the PUBACK is awaited at most
   * `publishTimeoutMs` (`mqtt.publish-timeout`). Rejects when the client is stopped.
   */
  async publish(
    topic: string,
    payload: string | Buffer,
    opts: { qos: 0 | 1; retain: boolean },
  ): Promise<void> {
    const client = this.client;
    if (client === undefined)
      throw new SmsgwError("mqtt.not-started", "the MQTT connection is not started");
    assertPublishableTopic(topic);
    const ms = this.opts.publishTimeoutMs ?? PUBLISH_TIMEOUT_MS;
    await withTimeout(
      client.publishAsync(topic, payload, opts),
      ms,
      () =>
        new SmsgwError("mqtt.publish-timeout", `no acknowledgement for ${topic} within ${ms} ms`),
    );
  }

  /** Typed publish: the payload must be the one the topic contract names for `kind`. */
  publishJson<K extends PublishedKind>(
    kind: K,
    topic: string,
    payload: PublishedPayloads[K],
  ): Promise<void> {
    return this.publish(topic, JSON.stringify(payload), PUBLISH_OPTIONS[kind]);
  }

  /**
   * Publishes `last` (the offline state) when connected, then disconnects. Waits at most
   * `timeoutMs` for acknowledgements; unacknowledged messages stay with their owners.
   */
  async stop(last?: { topic: string; payload: string }, timeoutMs = 2_000): Promise<void> {
    const client = this.client;
    if (client === undefined) return;
    this.stopping = true;
    this.client = undefined;
    if (client.connected && last !== undefined && topicIsPublishable(last.topic))
      await withTimeout(
        client.publishAsync(last.topic, last.payload, { qos: 1, retain: true }),
        timeoutMs,
      ).catch(() => undefined);
    await withTimeout(client.endAsync(!client.connected), timeoutMs).catch(async () => {
      await client.endAsync(true).catch(() => undefined);
    });
  }

  private clientOptions(): IClientOptions {
    return {
      ...brokerClientOptions(this.opts.config),
      clean: false,
      resubscribe: false,
      will: {
        topic: this.opts.will.topic,
        payload: Buffer.from(this.opts.will.payload),
        qos: 1,
        retain: true,
      },
    };
  }

  /**
   * mqtt.js retries at a fixed `reconnectPeriod` from one interval timer; to back off, each
   * failed attempt doubles the period and restarts that timer (its private helpers).
   */
  private scheduleBackoff(client: MqttClient): void {
    if (this.stopping || client !== this.client || !client.reconnecting) return;
    const max = secondsToMs(this.opts.config.reconnect.maxSeconds);
    this.backoffMs = Math.min(max, this.backoffMs * 2);
    client.options.reconnectPeriod = this.backoffMs;
    const internal = client as unknown as {
      _clearReconnect?: () => void;
      _setupReconnect?: () => void;
    };
    if (
      typeof internal._clearReconnect === "function" &&
      typeof internal._setupReconnect === "function"
    ) {
      internal._clearReconnect();
      internal._setupReconnect();
    }
  }
}

/** Timers count whole milliseconds; the config gives seconds, fractions allowed. */
const secondsToMs = (s: number): number => Math.round(s * 1000);

function topicIsPublishable(topic: string): boolean {
  try {
    assertPublishableTopic(topic);
    return true;
  } catch {
    return false;
  }
}

/**
 * What every client of ours needs to reach the configured broker: client id, protocol,
 * keepalive, credentials and TLS. The bridge adds its persistent session and last will.
 */
/** Whether DEBUG asks for mqtt.js's own log (`mqttjs*`, `mqttjs:client`, or `*`). */
export function mqttDebugWanted(debug: string | undefined): boolean {
  return (debug ?? "").split(/[\s,]+/).some((n) => n === "*" || n.startsWith("mqttjs"));
}

export function brokerClientOptions(c: MqttConfig, clientIdSuffix = ""): IClientOptions {
  const o: IClientOptions = {
    clientId: `${c.clientId}${clientIdSuffix}`,
    protocolVersion: c.protocolVersion,
    keepalive: c.keepaliveSeconds,
    reconnectPeriod: secondsToMs(c.reconnect.minSeconds),
    connectTimeout: 15_000,
    // mqtt-packet's default pre-builds 65,536 two-byte Buffers (≈6 MB of heap, for life) to
    // save an allocation per packet id; a gateway's few packets per second don't need it.
    writeCache: false,
  };
  // mqtt.js logs through `debug`, which builds an argument array for each of the dozen calls
  // per publish even when it prints nothing: a tenth of a busy gateway's garbage. Its log
  // stays available the usual way, with DEBUG=mqttjs*.
  if (!mqttDebugWanted(process.env.DEBUG)) o.log = () => {};
  if (c.protocolVersion === 5) o.properties = { sessionExpiryInterval: SESSION_EXPIRY_S };
  if (c.username !== undefined) o.username = c.username;
  if (c.password !== undefined) o.password = c.password;
  if (c.tls !== undefined) {
    if (c.tls.ca !== undefined) o.ca = readFileSync(c.tls.ca);
    if (c.tls.cert !== undefined) o.cert = readFileSync(c.tls.cert);
    if (c.tls.key !== undefined) o.key = readFileSync(c.tls.key);
    o.rejectUnauthorized = c.tls.rejectUnauthorized;
  }
  return o;
}
