import { describe, expect, it } from "vitest";
import { parseConfig } from "../../src/config/index.js";
import { editDistance, nearestKey } from "../../src/util/did-you-mean.js";
import { issuesOf } from "./support.js";

describe("an unknown config key", () => {
  it("suggests the nearest key of its own section", async () => {
    const issues = await issuesOf(parseConfig({ modem: { prot: "/dev/ttyUSB0" } }));
    expect(issues).toEqual([{ path: "modem.prot", message: 'unknown key; did you mean "port"?' }]);
  });

  it("suggests a key that differs only in case", async () => {
    const issues = await issuesOf(parseConfig({ mqtt: { basetopic: "x" } }));
    expect(issues[0]?.message).toBe('unknown key; did you mean "baseTopic"?');
  });

  it("suggests a top-level section", async () => {
    const issues = await issuesOf(parseConfig({ smss: {} }));
    expect(issues).toEqual([{ path: "smss", message: 'unknown key; did you mean "sms"?' }]);
  });

  it("suggests a key of a nested section", async () => {
    const issues = await issuesOf(parseConfig({ mqtt: { homeassistent: {} } }));
    expect(issues[0]?.message).toBe('unknown key; did you mean "homeassistant"?');
  });

  it("suggests a key inside a list entry", async () => {
    const issues = await issuesOf(
      parseConfig({ contacts: [{ name: "Ann", nubmer: "+491701234567" }] }),
    );
    expect(issues).toContainEqual({
      path: "contacts.0.nubmer",
      message: 'unknown key; did you mean "number"?',
    });
  });

  it("suggests a key of the automation section", async () => {
    const issues = await issuesOf(parseConfig({ automation: { forwardng: [] } }));
    expect(issues).toEqual([
      { path: "automation.forwardng", message: 'unknown key; did you mean "forwarding"?' },
    ]);
  });

  it("suggests a key of one kind of schedule (a union of shapes)", async () => {
    const issues = await issuesOf(
      parseConfig({
        automation: {
          schedules: [
            { name: "a", cron: "0 8 * * *", type: "message", to: "+491701234567", txt: "x" },
          ],
        },
      }),
    );
    expect(issues.find((i) => i.path === "automation.schedules.0.txt")?.message).toBe(
      'unknown key; did you mean "text"?',
    );
  });

  it("suggests nothing when no key is near, and says it may be in the wrong section", async () => {
    const issues = await issuesOf(parseConfig({ mqtt: { colour: "blue" } }));
    expect(issues).toEqual([
      { path: "mqtt.colour", message: "unknown key (misspelt, or in the wrong section?)" },
    ]);
  });
});

describe("the nearest key", () => {
  it("counts a swap of two neighbouring letters as one edit", () => {
    expect(editDistance("prot", "port")).toBe(1);
  });

  it("counts insertions, deletions and substitutions", () => {
    expect(editDistance("kitten", "sitting")).toBe(3);
  });

  it("allows one edit per three letters, at least one", () => {
    expect(nearestKey("urll", ["url", "username"])).toBe("url");
    expect(nearestKey("xyz", ["url"])).toBeUndefined();
  });
});
