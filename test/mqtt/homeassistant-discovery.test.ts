import { describe, expect, it } from "vitest";
import {
  type DiscoveryInput,
  deviceName,
  discoveryFilter,
  discoveryMessages,
} from "../../src/mqtt/homeassistant/discovery.js";

const input: DiscoveryInput = {
  baseTopic: "smsgw",
  discoveryPrefix: "homeassistant",
  version: "1.2.3",
  contacts: [
    { name: "Alice", number: "+491701234567" },
    { name: "On call", number: "2222" },
  ],
  modemIntervalSeconds: 60,
};
const messages = discoveryMessages(input);
const byTopic = new Map(messages.map((m) => [m.topic, m.payload]));
const payload = (topic: string) => {
  const p = byTopic.get(topic);
  if (p === undefined) throw new Error(`no discovery message on ${topic}`);
  return p;
};
const sensor = (id: string) => payload(`homeassistant/sensor/smsgw_smsgw/${id}/config`);
const bridgeOnline = { topic: "smsgw/bridge/state", value_template: "{{ value_json.state }}" };

describe("Home Assistant discovery", () => {
  it("announces the connection state, the sensors, the event and one notify entity per contact", () => {
    expect(messages.map((m) => m.topic)).toEqual([
      "homeassistant/binary_sensor/smsgw_smsgw/connection_state/config",
      "homeassistant/binary_sensor/smsgw_smsgw/health/config",
      "homeassistant/sensor/smsgw_smsgw/signal/config",
      "homeassistant/sensor/smsgw_smsgw/operator/config",
      "homeassistant/sensor/smsgw_smsgw/access_technology/config",
      "homeassistant/sensor/smsgw_smsgw/modem_state/config",
      "homeassistant/sensor/smsgw_smsgw/outbox/config",
      "homeassistant/sensor/smsgw_smsgw/sent/config",
      "homeassistant/sensor/smsgw_smsgw/received/config",
      "homeassistant/sensor/smsgw_smsgw/last_sms/config",
      "homeassistant/event/smsgw_smsgw/inbound_sms/config",
      "homeassistant/notify/smsgw_smsgw/sms_alice/config",
      "homeassistant/notify/smsgw_smsgw/sms_on_call/config",
    ]);
  });

  it("puts all entities on one device with a unique id each", () => {
    const ids = new Set(messages.map((m) => m.payload.unique_id));
    const devices = new Set(messages.map((m) => JSON.stringify(m.payload.device)));
    expect([ids.size, devices.size]).toEqual([messages.length, 1]);
  });

  it("names smsgw as the origin of every entity", () => {
    for (const m of messages)
      expect(m.payload.origin).toEqual({ name: "smsgw", sw_version: "1.2.3" });
  });

  it("shows a health problem (device class problem) unless bridge/health says pass", () => {
    const health = messages.find((m) => m.topic.includes("/binary_sensor/smsgw_smsgw/health/"));
    expect(health?.payload).toMatchObject({
      state_topic: "smsgw/bridge/health",
      value_template: "{{ 'OFF' if value_json.status == 'pass' else 'ON' }}",
      device_class: "problem",
      json_attributes_topic: "smsgw/bridge/health",
    });
  });

  it("reads the signal in dBm from the modem topic", () => {
    expect(sensor("signal")).toMatchObject({
      state_topic: "smsgw/modem",
      unit_of_measurement: "dBm",
      device_class: "signal_strength",
    });
  });

  it("counts sent messages from the stats topic as an increasing total", () => {
    expect(sensor("sent")).toMatchObject({
      state_topic: "smsgw/stats",
      value_template: "{{ value_json.sent }}",
      state_class: "total_increasing",
    });
  });

  it("fires a received event for each message on the received topic", () => {
    expect(payload("homeassistant/event/smsgw_smsgw/inbound_sms/config")).toMatchObject({
      state_topic: "smsgw/received",
      event_types: ["received"],
    });
  });

  it("sends a contact's notification as plain text to its send topic", () => {
    expect(payload("homeassistant/notify/smsgw_smsgw/sms_alice/config")).toMatchObject({
      name: "SMS Alice",
      command_topic: "smsgw/send/00491701234567",
    });
  });
});

describe("Home Assistant availability", () => {
  it("shows signal, operator and access technology only while the gateway is online and the modem answers", () => {
    for (const id of ["signal", "operator", "access_technology"])
      expect(sensor(id)).toMatchObject({
        availability: [
          bridgeOnline,
          {
            topic: "smsgw/modem",
            value_template: "{{ 'online' if value_json.available else 'offline' }}",
          },
        ],
        availability_mode: "all",
      });
  });

  it("lets the modem's readings and state expire after three modem intervals without news", () => {
    const expiry = ["signal", "operator", "access_technology", "modem_state"].map(
      (id) => sensor(id).expire_after,
    );
    expect(expiry).toEqual([180, 180, 180, 180]);
  });

  it("keeps the modem state available while the gateway is online, so a failed modem shows", () => {
    expect(sensor("modem_state").availability).toEqual([bridgeOnline]);
  });

  it("makes counters, the inbound SMS and the notify entities available while the gateway is online", () => {
    for (const id of ["outbox", "sent", "received", "last_sms"])
      expect(sensor(id).availability).toEqual([bridgeOnline]);
    expect(payload("homeassistant/event/smsgw_smsgw/inbound_sms/config").availability).toEqual([
      bridgeOnline,
    ]);
    expect(payload("homeassistant/notify/smsgw_smsgw/sms_alice/config").availability).toEqual([
      bridgeOnline,
    ]);
  });

  it("shows the connection state from bridge/state, itself always available", () => {
    const p = payload("homeassistant/binary_sensor/smsgw_smsgw/connection_state/config");
    expect([p.availability, p.state_topic, p.payload_on, p.payload_off, p.device_class]).toEqual([
      undefined,
      "smsgw/bridge/state",
      "online",
      "offline",
      "connectivity",
    ]);
  });
});

describe("Home Assistant's device and attributes", () => {
  it("describes the gateway, never the modem, so the device keeps its name", () => {
    expect(sensor("operator").device).toEqual({
      identifiers: ["smsgw_smsgw"],
      name: "SMS gateway",
      manufacturer: "smsgw",
      model: "SMS gateway",
      sw_version: "1.2.3",
    });
  });

  it("gives the modem's identity as attributes of the modem state", () => {
    expect(sensor("modem_state")).toMatchObject({
      json_attributes_topic: "smsgw/bridge/info",
      json_attributes_template: "{{ value_json.modem | tojson }}",
    });
  });

  it("names a fleet gateway's device after its gateway id, not its topic path", () => {
    const fleet = discoveryMessages({ ...input, baseTopic: "smsgw/pi-3", gatewayId: "pi-3" });
    expect(fleet[0]?.payload.device).toMatchObject({ name: "SMS gateway pi-3" });
  });

  it("names a device with another base topic after the topic's last level", () => {
    expect([deviceName("smsgw"), deviceName("home/sms"), deviceName("smsgw/pi-3", "pi-3")]).toEqual(
      ["SMS gateway", "SMS gateway sms", "SMS gateway pi-3"],
    );
  });
});

describe("Home Assistant inbound SMS", () => {
  it("subscribes to inbound SMS at QoS 1, as they are published", () => {
    expect([
      sensor("last_sms").qos,
      payload("homeassistant/event/smsgw_smsgw/inbound_sms/config").qos,
    ]).toEqual([1, 1]);
  });
});

describe("Home Assistant notify entities for contacts", () => {
  it("gives contacts whose names differ only in accents an entity each", () => {
    const topics = discoveryMessages({
      ...input,
      contacts: [
        { name: "Jörg", number: "+491701111111" },
        { name: "Jürg", number: "+491702222222" },
      ],
    })
      .map((m) => m.topic)
      .filter((t) => t.includes("/notify/"));
    expect(topics).toEqual([
      "homeassistant/notify/smsgw_smsgw/sms_jorg/config",
      "homeassistant/notify/smsgw_smsgw/sms_jurg/config",
    ]);
  });
});

describe("Home Assistant's own configs", () => {
  it("are found under the gateway's node id", () => {
    expect([
      discoveryFilter("homeassistant", "smsgw"),
      discoveryFilter("ha", "smsgw/pi-3"),
    ]).toEqual(["homeassistant/+/smsgw_smsgw/+/config", "ha/+/smsgw_smsgw_pi-3/+/config"]);
  });
});
