import { contactId } from "../../config/contact-id.js";
import type { Contact } from "../../config/schema.js";
import { Topics } from "../topics.js";

/**
 * Home Assistant MQTT discovery: one device per gateway with sensors (signal, operator, access
 * technology, modem state, outbox length, sent/received counters, last SMS), an `event` entity
 * that fires per inbound SMS and a `notify` entity per configured contact. Pure: the feature
 * class publishes these retained and again when Home Assistant comes back online.
 * Topic layout: `<prefix>/<component>/<node_id>/<object_id>/config` (HA MQTT discovery docs).
 */

export interface DiscoveryInput {
  baseTopic: string;
  discoveryPrefix: string;
  version: string;
  contacts: readonly Contact[];
  modem?: { manufacturer?: string | null; model?: string | null };
}

export interface DiscoveryMessage {
  topic: string;
  payload: Record<string, unknown>;
}

/** Discovery ids allow [a-zA-Z0-9_-]: anything else becomes `_`. */
export const slug = (s: string): string =>
  s.replace(/[^a-zA-Z0-9_-]+/g, "_").replace(/^_+|_+$/g, "") || "x";

export function nodeId(baseTopic: string): string {
  return `smsgw_${slug(baseTopic)}`;
}

export function discoveryMessages(input: DiscoveryInput): DiscoveryMessage[] {
  const topics = new Topics(input.baseTopic);
  const node = nodeId(input.baseTopic);
  const device: Record<string, unknown> = {
    identifiers: [node],
    name: input.baseTopic === "smsgw" ? "SMS gateway" : `SMS gateway ${input.baseTopic}`,
    manufacturer: input.modem?.manufacturer ?? "smsgw",
    model: input.modem?.model ?? "SMS gateway",
    sw_version: input.version,
  };
  const common = {
    device,
    origin: { name: "smsgw", sw_version: input.version },
    availability: [{ topic: topics.bridgeState, value_template: "{{ value_json.state }}" }],
    payload_available: "online",
    payload_not_available: "offline",
  };
  const entity = (
    component: string,
    objectId: string,
    config: Record<string, unknown>,
  ): DiscoveryMessage => ({
    topic: `${input.discoveryPrefix}/${component}/${node}/${objectId}/config`,
    payload: { ...config, unique_id: `${node}_${objectId}`, ...common },
  });
  const modemSensor = (
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
    modemSensor("signal", "Signal", "{{ value_json.signal.dbm if value_json.signal else none }}", {
      unit_of_measurement: "dBm",
      device_class: "signal_strength",
      state_class: "measurement",
    }),
    modemSensor("operator", "Operator", "{{ value_json.operator }}", { icon: "mdi:radio-tower" }),
    modemSensor("access_technology", "Access technology", "{{ value_json.accessTechnology }}", {
      icon: "mdi:signal",
    }),
    modemSensor("modem_state", "Modem state", "{{ value_json.state }}", {
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
    entity("sensor", "last_sms", {
      name: "Last SMS",
      state_topic: topics.received,
      // HA states are at most 255 characters; the whole message is in the attributes.
      value_template: "{{ value_json.text[:255] }}",
      json_attributes_topic: topics.received,
      icon: "mdi:message-text",
    }),
    entity("event", "inbound_sms", {
      name: "SMS received",
      state_topic: topics.received,
      event_types: ["received"],
      value_template:
        '{{ {"event_type": "received", "from": value_json.from, "text": value_json.text, "id": value_json.id, "received_at": value_json.receivedAt} | tojson }}',
      icon: "mdi:message-badge",
    }),
  ];
  for (const c of input.contacts) {
    // HA's notify entity publishes the message text as the payload: exactly <base>/send/<number>.
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
