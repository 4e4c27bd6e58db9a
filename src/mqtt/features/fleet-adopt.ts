import { randomUUID } from "node:crypto";
import { connect, type IPublishPacket, type MqttClient } from "mqtt";
import type { MqttConfig } from "../../config/schema.js";
import { errorMessage, SmsgwError } from "../../errors.js";
import { withTimeout } from "../../util/with-timeout.js";
import { brokerClientOptions } from "../connection.js";
import { log } from "../context.js";
import { assertPublishableTopic } from "../topic-name.js";
import type { FleetTopics } from "./fleet-topics.js";

/**
 * Brokers keep a shared-subscription member that has a persistent session in the group while it
 * is offline: mosquitto 2 and EMQX go on handing it its share, and keep what it had not
 * acknowledged, until it returns (MQTT 5 §4.8.2 allows that). A dead gateway would sit on part
 * of the fleet's requests. So a live member adopts the dead member's fleet session: it connects
 * with that client id (`clean: false`), unsubscribes its filters (the broker stops handing it
 * requests), handles what was queued there like any fleet request (PUBACK after the durable
 * queue), and knows it has seen everything when a marker it published after the unsubscribe
 * comes back through the same session queue.
 */

export interface AdoptOptions {
  mqtt: MqttConfig;
  topics: FleetTopics;
  /** The dead member's gateway id and fleet client id. */
  peer: { gatewayId: string; clientId: string };
  /** Handles one queued request; resolves true to acknowledge it (as the fleet connection does). */
  onMessage: (topic: string, payload: Buffer, packet: IPublishPacket) => Promise<boolean>;
  /** Gives up waiting for the marker after this long (the session stays for the next try). */
  timeoutMs?: number;
}

/** Adopts a dead member's fleet session; resolves with how many requests were handled. */
export async function adoptSession(o: AdoptOptions): Promise<number> {
  const marker = o.topics.adoptMarker(o.peer.gatewayId, randomUUID());
  let handled = 0;
  let onMarker: () => void = () => undefined;
  const drained = new Promise<void>((resolve) => {
    onMarker = resolve;
  });
  const client: MqttClient = connect(o.mqtt.url, {
    ...brokerClientOptions({ ...o.mqtt, clientId: o.peer.clientId }),
    clean: false,
    resubscribe: false,
    // One try: if the member comes back, the broker hands it its session and ends ours.
    reconnectPeriod: 0,
  });
  client.handleMessage = (packet, done) => {
    if (packet.topic === marker) {
      done();
      onMarker();
      return;
    }
    o.onMessage(packet.topic, Buffer.from(packet.payload), packet)
      .then((ack) => {
        if (ack) {
          handled++;
          done();
        }
      })
      .catch((err: unknown) => {
        log.error({ err: errorMessage(err), topic: packet.topic }, "adopted request failed");
        done();
      });
  };
  client.on("error", (err) =>
    log.warn({ err: errorMessage(err), peer: o.peer.gatewayId }, "adoption connection error"),
  );
  try {
    await withTimeout(
      new Promise<void>((resolve, reject) => {
        client.once("connect", () => resolve());
        client.once("close", () =>
          reject(new SmsgwError("mqtt.adopt-failed", "the broker closed the connection")),
        );
      }),
      o.timeoutMs ?? 30_000,
    );
    await client.subscribeAsync(marker, { qos: 1 });
    await client.unsubscribeAsync(o.topics.subscriptions);
    assertPublishableTopic(marker);
    await withTimeout(
      client.publishAsync(marker, "", { qos: 1, retain: false }),
      o.timeoutMs ?? 30_000,
    );
    await withTimeout(drained, o.timeoutMs ?? 30_000);
    await client.unsubscribeAsync(marker);
    log.info({ peer: o.peer.gatewayId, handled }, "adopted the fleet session of a dead member");
    return handled;
  } finally {
    // MQTT 5: end the adopted session now; 3.1.1 keeps an empty one without subscriptions.
    const properties =
      o.mqtt.protocolVersion === 5 ? { properties: { sessionExpiryInterval: 0 } } : {};
    await withTimeout(client.endAsync(false, properties), 2_000).catch(() =>
      client.endAsync(true).catch(() => undefined),
    );
  }
}
