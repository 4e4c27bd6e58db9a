import { describe, expect, it } from "vitest";
import { envOverrides, parseConfig } from "../../src/config/index.js";
import { issuesOf } from "./support.js";

describe("SMSGW_<SECTION>_<KEY> environment overrides", () => {
  it("replace a value from the file", async () => {
    const { config } = await parseConfig(
      { mqtt: { url: "mqtt://file:1883" } },
      { env: { SMSGW_MQTT_URL: "mqtt://env:1883" } },
    );
    expect(config.mqtt.url).toBe("mqtt://env:1883");
  });

  it("accept camelCase keys written as one word or split by underscores", async () => {
    const a = await parseConfig({}, { env: { SMSGW_MQTT_BASETOPIC: "a" } });
    const b = await parseConfig({}, { env: { SMSGW_MQTT_BASE_TOPIC: "b" } });
    expect([a.config.mqtt.baseTopic, b.config.mqtt.baseTopic]).toEqual(["a", "b"]);
  });

  it("reach nested keys and convert numbers by the schema", async () => {
    const { config } = await parseConfig({}, { env: { SMSGW_MODEM_POWER_PWRKEY_PIN: "6" } });
    expect(config.modem.power).toEqual({ pwrkeyPin: 6, activeLevel: 1, statusOnLevel: 1 });
  });

  it("keep a PIN with a leading zero as text", async () => {
    const { config } = await parseConfig({}, { env: { SMSGW_MODEM_PIN: "0123" } });
    expect(config.modem.pin).toBe("0123");
  });

  it("convert booleans and union numbers", async () => {
    const { config } = await parseConfig(
      {},
      { env: { SMSGW_MQTT_HOMEASSISTANT_ENABLED: "false", SMSGW_MQTT_PROTOCOL_VERSION: "5" } },
    );
    expect([config.mqtt.homeassistant.enabled, config.mqtt.protocolVersion]).toEqual([false, 5]);
  });

  it("take lists in YAML syntax", async () => {
    const { config } = await parseConfig(
      {},
      { env: { SMSGW_CONTACTS: '[{name: Alice, number: "+491701234567"}]' } },
    );
    expect(config.contacts).toEqual([{ name: "Alice", number: "+491701234567" }]);
  });

  it("ignore SMSGW_ variables that name no key", () => {
    expect(envOverrides({ SMSGW_APP_DIR: "/opt", SMSGW_MQTT: "x", OTHER: "y" })).toEqual([]);
  });

  it("name the variable when its value is invalid", async () => {
    const issues = await issuesOf(parseConfig({}, { env: { SMSGW_MODEM_BAUD_RATE: "fast" } }));
    expect(issues).toEqual([
      {
        path: "modem.baudRate",
        message: "Invalid input: expected number, received string (from SMSGW_MODEM_BAUD_RATE)",
      },
    ]);
  });

  it("report which variables were applied, by name", async () => {
    const { fromEnv } = await parseConfig({}, { env: { SMSGW_MQTT_PASSWORD: "s3cret" } });
    expect(fromEnv).toEqual(["SMSGW_MQTT_PASSWORD"]);
  });
});
