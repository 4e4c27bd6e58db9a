import { describe, expect, it } from "vitest";
import { discoveryMessages } from "../../src/mqtt/homeassistant/discovery.js";

const messages = discoveryMessages({
  baseTopic: "smsgw",
  discoveryPrefix: "homeassistant",
  version: "1.2.3",
  contacts: [
    { name: "Alice", number: "+491701234567" },
    { name: "On call", number: "2222" },
  ],
  modem: { manufacturer: "SIMCOM", model: "SIM7600E" },
});
const byTopic = new Map(messages.map((m) => [m.topic, m.payload]));
const payload = (topic: string) => {
  const p = byTopic.get(topic);
  if (p === undefined) throw new Error(`no discovery message on ${topic}`);
  return p;
};

describe("Home Assistant discovery", () => {
  it("announces the sensors, the event and one notify entity per contact", () => {
    expect(messages.map((m) => m.topic)).toEqual([
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

  it("makes every entity available only while bridge/state says online", () => {
    for (const m of messages)
      expect(m.payload.availability).toEqual([
        { topic: "smsgw/bridge/state", value_template: "{{ value_json.state }}" },
      ]);
  });

  it("puts all entities on one device with a unique id each", () => {
    const ids = new Set(messages.map((m) => m.payload.unique_id));
    const devices = new Set(messages.map((m) => JSON.stringify(m.payload.device)));
    expect([ids.size, devices.size]).toEqual([messages.length, 1]);
  });

  it("reads the signal in dBm from the modem topic", () => {
    expect(payload("homeassistant/sensor/smsgw_smsgw/signal/config")).toMatchObject({
      state_topic: "smsgw/modem",
      unit_of_measurement: "dBm",
      device_class: "signal_strength",
    });
  });

  it("counts sent messages from the stats topic as an increasing total", () => {
    expect(payload("homeassistant/sensor/smsgw_smsgw/sent/config")).toMatchObject({
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

  it("names the device after the modem", () => {
    expect(payload("homeassistant/sensor/smsgw_smsgw/operator/config").device).toEqual({
      identifiers: ["smsgw_smsgw"],
      name: "SMS gateway",
      manufacturer: "SIMCOM",
      model: "SIM7600E",
      sw_version: "1.2.3",
    });
  });
});

describe("Home Assistant notify entities for contacts", () => {
  it("gives contacts whose names differ only in accents an entity each", () => {
    const topics = discoveryMessages({
      baseTopic: "smsgw",
      discoveryPrefix: "homeassistant",
      version: "1.2.3",
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
