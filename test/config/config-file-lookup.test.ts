import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadConfigFile } from "../../src/config/index.js";
import { tempFiles } from "./support.js";

describe("where the configuration file is looked for", () => {
  it("reads the explicit --config path", async () => {
    const dir = await tempFiles({ "a.yaml": "mqtt:\n  baseTopic: explicit\n" });
    const loaded = await loadConfigFile({ path: join(dir, "a.yaml"), env: {} });
    expect([loaded.source, loaded.config.mqtt.baseTopic]).toEqual([
      join(dir, "a.yaml"),
      "explicit",
    ]);
  });

  it("takes the first search path that exists", async () => {
    const dir = await tempFiles({ "second.yaml": "mqtt:\n  baseTopic: second\n" });
    const loaded = await loadConfigFile({
      env: {},
      searchPaths: [join(dir, "first.yaml"), join(dir, "second.yaml")],
    });
    expect(loaded.config.mqtt.baseTopic).toBe("second");
  });

  it("falls back to defaults and the environment when no file exists", async () => {
    const dir = await tempFiles({});
    const loaded = await loadConfigFile({
      env: { SMSGW_MQTT_URL: "mqtt://10.0.0.1" },
      searchPaths: [join(dir, "none.yaml")],
    });
    expect([loaded.source, loaded.config.mqtt.url]).toEqual([null, "mqtt://10.0.0.1"]);
  });

  it("treats an empty file as all defaults", async () => {
    const dir = await tempFiles({ "e.yaml": "# nothing yet\n" });
    const loaded = await loadConfigFile({ path: join(dir, "e.yaml"), env: {} });
    expect(loaded.config.mqtt.baseTopic).toBe("smsgw");
  });
});
