import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadConfig, parseConfig } from "../../src/config/index.js";
import { issuesOf, tempFiles } from "./support.js";

describe("secrets kept in separate files", () => {
  it("read the SIM PIN from modem.pinFile (first line, trimmed)", async () => {
    const dir = await tempFiles({ pin: "4321\n" });
    const { config } = await parseConfig({ modem: { pinFile: join(dir, "pin") } });
    expect(config.modem.pin).toBe("4321");
  });

  it("resolve a relative pinFile next to the config file", async () => {
    const dir = await tempFiles({
      "smsgw.yaml": "modem:\n  pinFile: sim.pin\n",
      "sim.pin": "1111\n",
    });
    const config = await loadConfig(join(dir, "smsgw.yaml"), {});
    expect(config.modem.pin).toBe("1111");
  });

  it("read the MQTT password from mqtt.passwordFile", async () => {
    const dir = await tempFiles({ pw: "top secret\n" });
    const { config } = await parseConfig({ mqtt: { passwordFile: join(dir, "pw") } });
    expect(config.mqtt.password).toBe("top secret");
  });

  it("let a password from the environment win over the file", async () => {
    const dir = await tempFiles({ pw: "from-file" });
    const { config } = await parseConfig(
      { mqtt: { passwordFile: join(dir, "pw") } },
      { env: { SMSGW_MQTT_PASSWORD: "from-env" } },
    );
    expect(config.mqtt.password).toBe("from-env");
  });

  it("report an unreadable secret file at its key", async () => {
    const dir = await tempFiles({});
    const issues = await issuesOf(parseConfig({ modem: { pinFile: join(dir, "missing") } }));
    expect(issues).toEqual([
      { path: "modem.pinFile", message: `cannot read ${join(dir, "missing")} (ENOENT)` },
    ]);
  });

  it("name the file, not the secret, when the PIN in it is malformed", async () => {
    const dir = await tempFiles({ pin: "12" });
    const issues = await issuesOf(parseConfig({ modem: { pinFile: join(dir, "pin") } }));
    expect(issues).toEqual([
      { path: "modem.pin", message: "a SIM PIN is 4 to 8 digits (from modem.pinFile)" },
    ]);
  });
});
