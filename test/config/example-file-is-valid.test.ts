import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { loadConfig, parseConfig } from "../../src/config/index.js";

const example = fileURLToPath(new URL("../../smsgw.example.yaml", import.meta.url));

describe("smsgw.example.yaml", () => {
  it("is a valid configuration", async () => {
    await expect(loadConfig(example, {})).resolves.toBeDefined();
  });

  it("shows the defaults", async () => {
    const fromFile = await loadConfig(example, {});
    const { config: defaults } = await parseConfig({}, { env: {} });
    expect({ ...fromFile, mqtt: { ...fromFile.mqtt, clientId: "" } }).toEqual({
      ...defaults,
      mqtt: { ...defaults.mqtt, clientId: "" },
    });
  });
});
