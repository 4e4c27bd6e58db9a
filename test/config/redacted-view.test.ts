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

  it("hides users' one-time-code seeds and PINs, found by the schema's secret marks", async () => {
    const { config } = await parseConfig({
      automation: {
        security: {
          users: [
            {
              who: "+491701111111",
              allow: ["*"],
              totp: { secret: "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP" },
            },
            {
              who: "+491702222222",
              allow: ["*"],
              hotp: { secret: "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ" },
            },
            { who: "+491703333333", allow: ["*"], pin: "90817263" },
          ],
        },
      },
    });
    const users = redactConfig(config).automation.security.users;
    expect(users.map((u) => [u.totp?.secret, u.hotp?.secret, u.pin])).toEqual([
      ["***", undefined, undefined],
      [undefined, "***", undefined],
      [undefined, undefined, "***"],
    ]);
  });

  it("leaves keys that are not marked secret as they are", async () => {
    const { config } = await withSecrets();
    const r = redactConfig(config);
    expect([r.mqtt.username, r.modem.port, r.store.dir]).toEqual([
      "gw",
      config.modem.port,
      config.store.dir,
    ]);
  });
});
