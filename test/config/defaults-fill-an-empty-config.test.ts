import { describe, expect, it } from "vitest";
import { parseConfig } from "../../src/config/index.js";
import { defaultSmsOptions } from "../../src/sms/options.js";

describe("an empty configuration gets every default", () => {
  it("uses the Pi's UART at 115200 baud with automatic profile detection", async () => {
    const { config } = await parseConfig({});
    expect(config.modem).toMatchObject({ port: "/dev/serial0", baudRate: 115200, profile: "auto" });
  });

  it("connects to a local broker under the base topic smsgw with MQTT 3.1.1", async () => {
    const { config } = await parseConfig({});
    expect(config.mqtt).toMatchObject({
      url: "mqtt://127.0.0.1:1883",
      baseTopic: "smsgw",
      protocolVersion: 4,
    });
  });

  it("has a stable client id derived from the host name", async () => {
    const { config } = await parseConfig({});
    expect(config.mqtt.clientId).toMatch(/^smsgw-[A-Za-z0-9_-]+$/);
  });

  it("turns Home Assistant discovery on under homeassistant/", async () => {
    const { config } = await parseConfig({});
    expect(config.mqtt.homeassistant).toEqual({
      enabled: true,
      discoveryPrefix: "homeassistant",
      statusTopic: "homeassistant/status",
    });
  });

  it("takes the SMS defaults from the service's own defaults", async () => {
    const { config } = await parseConfig(null);
    expect(config.sms.maxParts).toBe(defaultSmsOptions.maxParts);
    expect(config.sms.queueCapacity).toBe(defaultSmsOptions.queueCapacity);
    expect(config.sms.retry.baseSeconds * 1000).toBe(defaultSmsOptions.retry.baseMs);
  });

  it("keeps the store in ./data and has no contacts", async () => {
    const { config } = await parseConfig({});
    expect(config.store.dir).toBe("./data");
    expect(config.contacts).toEqual([]);
  });
});
