import { describe, expect, it } from "vitest";
import { configSummary, parseConfig, redactConfig } from "../../src/config/index.js";

const withSecrets = () =>
  parseConfig({
    modem: { pin: "1234" },
    mqtt: { url: "mqtt://gw:hunter2@broker:1883", username: "gw", password: "hunter2" },
  });

describe("the redacted view of the configuration", () => {
  it("hides the SIM PIN and the MQTT password", async () => {
    const r = redactConfig((await withSecrets()).config);
    expect([r.modem.pin, r.mqtt.password]).toEqual(["***", "***"]);
  });

  it("hides a password inside the broker URL", async () => {
    const r = redactConfig((await withSecrets()).config);
    expect(r.mqtt.url).toBe("mqtt://gw:***@broker:1883");
  });

  it("does not change the configuration it was made from", async () => {
    const { config } = await withSecrets();
    redactConfig(config);
    expect(config.modem.pin).toBe("1234");
  });

  it("contains no secret anywhere in the bridge/info summary", async () => {
    const text = JSON.stringify(configSummary((await withSecrets()).config));
    expect([text.includes("1234"), text.includes("hunter2")]).toEqual([false, false]);
  });
});
