import { describe, expect, it } from "vitest";
import { loadConfig, parseConfig } from "../../src/config/index.js";
import { SmsgwError } from "../../src/errors.js";
import { issuesOf, tempFiles } from "./support.js";

describe("an invalid configuration", () => {
  it("lists every problem at once with its key path", async () => {
    const issues = await issuesOf(
      parseConfig({
        modem: { baudRate: "fast", profile: "nokia" },
        mqtt: { url: "http://broker", baseTopic: "sms/#" },
        sms: { maxParts: 0 },
      }),
    );
    expect(issues.map((i) => i.path).sort()).toEqual([
      "modem.baudRate",
      "modem.profile",
      "mqtt.baseTopic",
      "mqtt.url",
      "sms.maxParts",
    ]);
  });

  it("reports an unknown key at its own path", async () => {
    const issues = await issuesOf(parseConfig({ mqtt: { colour: "x" } }));
    expect(issues).toEqual([
      { path: "mqtt.colour", message: "unknown key (misspelt, or in the wrong section?)" },
    ]);
  });

  it("says why a SIM PIN is refused without repeating it", async () => {
    const issues = await issuesOf(parseConfig({ modem: { pin: "12ab" } }));
    expect(issues).toEqual([{ path: "modem.pin", message: "a SIM PIN is 4 to 8 digits" }]);
  });

  it("says which SMS memories the modem may use", async () => {
    const issues = await issuesOf(parseConfig({ modem: { storage: "flash" } }));
    expect(issues).toEqual([
      {
        path: "modem.storage",
        message: "must be SM (the SIM card), ME (the modem's memory) or MT (both)",
      },
    ]);
  });

  it("is an SmsgwError config.invalid whose message names the file and each path", async () => {
    const dir = await tempFiles({ "smsgw.yaml": "mqtt:\n  url: nope\nstore:\n  dir: 3\n" });
    const err = await loadConfig(`${dir}/smsgw.yaml`, {}).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SmsgwError);
    expect((err as SmsgwError).code).toBe("config.invalid");
    expect((err as SmsgwError).message).toContain(`${dir}/smsgw.yaml has 2 problems`);
    expect((err as SmsgwError).message).toContain("  mqtt.url: must be a URL");
    expect((err as SmsgwError).message).toContain("  store.dir: Invalid input: expected string");
  });

  it("reports broken YAML as a YAML problem", async () => {
    const dir = await tempFiles({ "smsgw.yaml": "mqtt:\n  url: [unclosed\n" });
    const issues = await issuesOf(loadConfig(`${dir}/smsgw.yaml`, {}));
    expect(issues[0]?.message).toMatch(/^YAML: /);
  });

  it("reports a file that is not a mapping", async () => {
    const dir = await tempFiles({ "smsgw.yaml": "- a\n- b\n" });
    const issues = await issuesOf(loadConfig(`${dir}/smsgw.yaml`, {}));
    expect(issues).toEqual([
      { path: "", message: "the file must be a YAML mapping (modem:, mqtt:, …)" },
    ]);
  });

  it("reports a missing --config file", async () => {
    const dir = await tempFiles({});
    const issues = await issuesOf(loadConfig(`${dir}/nope.yaml`, {}));
    expect(issues).toEqual([{ path: "", message: "cannot read the file (ENOENT)" }]);
  });

  it("refuses reconnect.maxSeconds below minSeconds", async () => {
    const issues = await issuesOf(
      parseConfig({ mqtt: { reconnect: { minSeconds: 5, maxSeconds: 0.1 } } }),
    );
    expect(issues).toEqual([
      { path: "mqtt.reconnect.maxSeconds", message: "must be ≥ minSeconds" },
    ]);
  });

  it("refuses two contacts with the same name", async () => {
    const issues = await issuesOf(
      parseConfig({
        contacts: [
          { name: "Alice", number: "+491701111111" },
          { name: "alice", number: "+491702222222" },
        ],
      }),
    );
    expect(issues).toEqual([{ path: "contacts.1.name", message: '"alice" is listed twice' }]);
  });
});
