import { describe, expect, it } from "vitest";
import { parseConfig } from "../../src/config/index.js";
import { brokerClientOptions, mqttDebugWanted } from "../../src/mqtt/connection.js";

describe("mqtt.js's own debug log", () => {
  it("is silenced when DEBUG does not ask for it", () => {
    expect(mqttDebugWanted(undefined)).toBe(false);
    expect(mqttDebugWanted("express:*,smsgw")).toBe(false);
  });

  it("stays on with DEBUG=mqttjs*, DEBUG=mqttjs:client or DEBUG=*", () => {
    expect(mqttDebugWanted("mqttjs*")).toBe(true);
    expect(mqttDebugWanted("other, mqttjs:client")).toBe(true);
    expect(mqttDebugWanted("*")).toBe(true);
  });

  it("the client options carry a silent log function unless DEBUG asks for mqtt.js's", async () => {
    const saved = process.env.DEBUG;
    try {
      delete process.env.DEBUG;
      const { mqtt } = (await parseConfig({}, { env: {} })).config;
      expect(typeof brokerClientOptions(mqtt).log).toBe("function");
      process.env.DEBUG = "mqttjs*";
      expect(brokerClientOptions(mqtt).log).toBeUndefined();
    } finally {
      if (saved === undefined) delete process.env.DEBUG;
      else process.env.DEBUG = saved;
    }
  });
});
