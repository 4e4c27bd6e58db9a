import { contactId } from "../../config/contact-id.js";
import type { Contact } from "../../config/schema.js";
import { Topics } from "../topics.js";

/**
 * Home Assistant MQTT discovery: one device per gateway with a connection state, sensors
 * (signal, operator, access technology, modem state, outbox length, sent/received counters,
 * last SMS), an `event` entity that fires per inbound SMS and a `notify` entity per configured
 * contact. Pure: the feature class publishes these retained and again when Home Assistant comes
 * back online. Topic layout: `<prefix>/<component>/<node_id>/<object_id>/config`.
 *
 * The device block is the same in every message and on every run (the gateway, not the modem:
 * a device block that changed with what the modem had told so far made Home Assistant rename
 * the device back and forth); the modem's identity is in the attributes of "Modem state".
 */

export interface DiscoveryInput {
  /** The gateway's own topic base: `<base>`, or `<base>/<gatewayId>` in fleet mode. */
  baseTopic: string;
  /** Fleet mode: this gateway's id, which names the device. */
  gatewayId?: string;
  discoveryPrefix: string;
  version: string;
  contacts: readonly Contact[];
  /** How often `<base>/modem` is published (seconds): its sensors expire after three. */
  modemIntervalSeconds: number;
  /** When `balance` is configured: a balance sensor (in this currency) and a check button. */
  balance?: { currency: string | undefined };
  /** When `calls.enabled`: an event entity per incoming call and a missed-call sensor. */
  calls?: boolean;
}

export interface DiscoveryMessage {
  topic: string;
  payload: Record<string, unknown>;
}

/** Readings older than this many modem intervals are shown as unavailable. */
const EXPIRE_INTERVALS = 3;

/** Discovery ids allow [a-zA-Z0-9_-]: anything else becomes `_`. */
export const slug = (s: string): string =>
  s.replace(/[^a-zA-Z0-9_-]+/g, "_").replace(/^_+|_+$/g, "") || "x";

export function nodeId(baseTopic: string): string {
  return `smsgw_${slug(baseTopic)}`;
}

/** What the bridge subscribes to for its own retained discovery configs (stale ones go). */
export function discoveryFilter(discoveryPrefix: string, baseTopic: string): string {
  return `${discoveryPrefix}/+/${nodeId(baseTopic)}/+/config`;
}

/** "SMS gateway", or "SMS gateway <name>" after the fleet id or the base topic's last level. */
export function deviceName(baseTopic: string, gatewayId?: string): string {
  const label = gatewayId ?? baseTopic.split("/").at(-1) ?? baseTopic;
  return label === "smsgw" ? "SMS gateway" : `SMS gateway ${label}`;
}

export function discoveryMessages(input: DiscoveryInput): DiscoveryMessage[] {
  const topics = new Topics(input.baseTopic);
  const node = nodeId(input.baseTopic);
  const device = {
    identifiers: [node],
    name: deviceName(input.baseTopic, input.gatewayId),
    manufacturer: "smsgw",
    model: "SMS gateway",
    sw_version: input.version,
  };
  const origin = { name: "smsgw", sw_version: input.version };
  const bridgeOnline = { topic: topics.bridgeState, value_template: "{{ value_json.state }}" };
  const modemAnswers = {
    topic: topics.modem,
    value_template: "{{ 'online' if value_json.available else 'offline' }}",
  };
  const expireAfter = Math.ceil(input.modemIntervalSeconds * EXPIRE_INTERVALS);

  /** An entity, available while the gateway is online unless `config` says otherwise. */
  const entity = (
    component: string,
    objectId: string,
    config: Record<string, unknown>,
    opts: { alwaysAvailable?: boolean } = {},
  ): DiscoveryMessage => ({
    topic: `${input.discoveryPrefix}/${component}/${node}/${objectId}/config`,
    payload: {
      ...(opts.alwaysAvailable === true ? {} : { availability: [bridgeOnline] }),
      ...config,
      unique_id: `${node}_${objectId}`,
      device,
      origin,
    },
  });
  /** A reading of the modem: unavailable unless the gateway is online AND the modem answers. */
  const modemReading = (
    objectId: string,
    name: string,
    template: string,
    extra: Record<string, unknown> = {},
  ) =>
    entity("sensor", objectId, {
      name,
      state_topic: topics.modem,
      value_template: template,
      entity_category: "diagnostic",
      availability: [bridgeOnline, modemAnswers],
      availability_mode: "all",
      expire_after: expireAfter,
      ...extra,
    });
  const statsSensor = (
    objectId: string,
    name: string,
    field: string,
    extra: Record<string, unknown>,
  ) =>
    entity("sensor", objectId, {
      name,
      state_topic: topics.stats,
      value_template: `{{ value_json.${field} }}`,
      ...extra,
    });

  const messages: DiscoveryMessage[] = [
    // No availability of its own: it must say "disconnected" when the gateway is away.
    entity(
      "binary_sensor",
      "connection_state",
      {
        name: "Connection state",
        state_topic: topics.bridgeState,
        value_template: "{{ value_json.state }}",
        payload_on: "online",
        payload_off: "offline",
        device_class: "connectivity",
        entity_category: "diagnostic",
      },
      { alwaysAvailable: true },
    ),
    // On ("problem") when the health document warns or fails; its checks as attributes.
    entity("binary_sensor", "health", {
      name: "Health",
      state_topic: topics.bridgeHealth,
      value_template: "{{ 'OFF' if value_json.status == 'pass' else 'ON' }}",
      device_class: "problem",
      entity_category: "diagnostic",
      json_attributes_topic: topics.bridgeHealth,
      json_attributes_template: "{{ value_json.checks | tojson }}",
    }),
    modemReading("signal", "Signal", "{{ value_json.signal.dbm if value_json.signal else none }}", {
      unit_of_measurement: "dBm",
      device_class: "signal_strength",
      state_class: "measurement",
    }),
    modemReading("operator", "Operator", "{{ value_json.operator }}", { icon: "mdi:radio-tower" }),
    modemReading("access_technology", "Access technology", "{{ value_json.accessTechnology }}", {
      icon: "mdi:signal",
    }),
    // The state itself stays available while the gateway is online: "failed" is news.
    entity("sensor", "modem_state", {
      name: "Modem state",
      state_topic: topics.modem,
      value_template: "{{ value_json.state }}",
      entity_category: "diagnostic",
      expire_after: expireAfter,
      json_attributes_topic: topics.bridgeInfo,
      json_attributes_template: "{{ value_json.modem | tojson }}",
      icon: "mdi:cellphone-wireless",
    }),
    statsSensor("outbox", "Outbox", "queued", {
      state_class: "measurement",
      icon: "mdi:tray-full",
    }),
    statsSensor("sent", "Sent SMS", "sent", {
      state_class: "total_increasing",
      icon: "mdi:message-arrow-right",
    }),
    statsSensor("received", "Received SMS", "received", {
      state_class: "total_increasing",
      icon: "mdi:message-arrow-left",
    }),
    // Inbound SMS are subscribed at QoS 1, as they are published: none lost on the way to HA.
    entity("sensor", "last_sms", {
      name: "Last SMS",
      state_topic: topics.received,
      qos: 1,
      // HA states are at most 255 characters; the whole message is in the attributes.
      value_template: "{{ value_json.text[:255] }}",
      json_attributes_topic: topics.received,
      icon: "mdi:message-text",
    }),
    entity("event", "inbound_sms", {
      name: "SMS received",
      state_topic: topics.received,
      qos: 1,
      event_types: ["received"],
      value_template:
        '{{ {"event_type": "received", "from": value_json.from, "text": value_json.text, "id": value_json.id, "received_at": value_json.receivedAt} | tojson }}',
      icon: "mdi:message-badge",
    }),
  ];
  if (input.calls === true) {
    messages.push(
      // Subscribed at QoS 1, as published: a ring is an event, none lost on the way to HA.
      entity("event", "incoming_call", {
        name: "Incoming call",
        state_topic: topics.call,
        qos: 1,
        event_types: ["call"],
        value_template:
          '{{ {"event_type": "call", "from": value_json.from, "contact": value_json.contact, "at": value_json.at} | tojson }}',
        icon: "mdi:phone-incoming",
      }),
      entity("sensor", "missed_calls", {
        name: "Missed calls",
        state_topic: topics.modem,
        value_template: "{{ value_json.missedCalls }}",
        state_class: "total_increasing",
        icon: "mdi:phone-missed",
      }),
    );
  }
  if (input.balance !== undefined) {
    // The SIM's credit: `monetary` wants a currency as unit and no measurement state class.
    messages.push(
      entity("sensor", "balance", {
        name: "Balance",
        state_topic: topics.modem,
        value_template: "{{ value_json.balance.amount if value_json.balance else none }}",
        device_class: "monetary",
        ...(input.balance.currency === undefined
          ? {}
          : { unit_of_measurement: input.balance.currency }),
        json_attributes_topic: topics.modem,
        json_attributes_template: "{{ (value_json.balance or {}) | tojson }}",
        icon: "mdi:cash",
      }),
      entity("button", "check_balance", {
        name: "Check balance",
        command_topic: topics.request("balance/check"),
        payload_press: "{}",
        qos: 1,
        retain: false,
        icon: "mdi:cash-refund",
      }),
    );
  }
  for (const c of input.contacts) {
    // HA's notify entity publishes the message text as the payload: exactly <base>/send/<number>.
    // Available with the gateway alone: while the modem is away, messages wait in the outbox.
    messages.push(
      entity("notify", `sms_${contactId(c.name)}`, {
        name: `SMS ${c.name}`,
        command_topic: topics.sendTo(c.number),
        qos: 1,
        retain: false,
        icon: "mdi:message-arrow-right",
      }),
    );
  }
  return messages;
}
