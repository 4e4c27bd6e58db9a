import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { automationSchema } from "../../src/automation/config-schema.js";
import { parseConfig } from "../../src/config/index.js";
import { loadConfigFile } from "../../src/config/load.js";
import { setLogDestination, setLogLevel } from "../../src/log.js";
import { issuesOf, tempFiles } from "./support.js";

interface Renamed {
  section: string;
  old: string;
  value: number;
  key: string;
  seconds: number;
}

/** The keys once written in ms or minutes: where, the old name and a value, the new name and its seconds. */
const RENAMED: Renamed[] = (
  [
    ["modem.power", "pulseMs", 500, "pulseSeconds", 0.5],
    ["mqtt.reconnect", "minMs", 1500, "minSeconds", 1.5],
    ["mqtt.reconnect", "maxMs", 90_000, "maxSeconds", 90],
    ["automation.security.lockout", "windowMinutes", 15, "windowSeconds", 900],
    ["automation.security.lockout", "durationMinutes", 60, "durationSeconds", 3600],
    ["automation.security", "maxCommandAgeMinutes", 10, "maxCommandAgeSeconds", 600],
    ["automation.alerts.rules.0", "silentMinutes", 0.5, "silentSeconds", 30],
    ["automation.alerts.rules.0", "cooldownMinutes", 0.1, "cooldownSeconds", 6],
    ["automation.alerts.rules.0", "repeatMinutes", 120, "repeatSeconds", 7200],
    ["automation.autoReply.0", "cooldownMinutes", 1440, "cooldownSeconds", 86_400],
  ] as const
).map(([section, old, value, key, seconds]) => ({ section, old, value, key, seconds }));

/** A config holding `extra` at `section` (a dotted path; list items are built as needed). */
function configWith(section: string, extra: Record<string, unknown>): Record<string, unknown> {
  const base: Record<string, unknown> = {
    modem: { power: { pwrkeyPin: 6 } },
    automation: {
      alerts: {
        rules: [
          {
            name: "pump",
            topic: "pump/beat",
            condition: "silent",
            silentSeconds: 60,
            message: "m",
            to: ["+491701111111"],
          },
        ],
      },
      autoReply: [{ name: "away", reply: "Away" }],
    },
  };
  let node: Record<string, unknown> = base;
  for (const key of section.split(".")) {
    const next = (node[key] ?? {}) as Record<string, unknown>;
    node[key] = next;
    node = next;
  }
  // The rule's silentSeconds is there for "silent"; a test of silentMinutes replaces it.
  if ("silentMinutes" in extra) delete node.silentSeconds;
  Object.assign(node, extra);
  return base;
}

function at(config: unknown, dotted: string): unknown {
  return dotted.split(".").reduce<unknown>((v, k) => (v as Record<string, unknown>)[k], config);
}

let lines: string[] = [];
let restore: () => void = () => {};
beforeEach(() => {
  lines = [];
  restore = setLogDestination({ write: (l: string) => void lines.push(l) });
  setLogLevel("warn");
});
afterEach(() => {
  restore();
  setLogLevel("silent");
});
const warnings = () =>
  lines.map((l) => JSON.parse(l) as Record<string, unknown>).filter((l) => l.level === 40);

describe("durations are written in seconds", () => {
  it.each(RENAMED)(
    "$old in $section (deprecated) is read as $key, in seconds",
    async ({ section, old, value, key, seconds }) => {
      const { config } = await parseConfig(configWith(section, { [old]: value }), { env: {} });
      expect(at(config, `${section}.${key}`)).toBe(seconds);
    },
  );

  it.each(RENAMED)(
    "$old and $key together in $section are refused, naming both",
    async ({ section, old, value, key, seconds }) => {
      const issues = await issuesOf(
        parseConfig(configWith(section, { [old]: value, [key]: seconds }), { env: {} }),
      );
      expect(issues).toEqual([
        {
          path: `${section}.${old}`,
          message: expect.stringMatching(
            new RegExp(`^set only one of ${key} \\(seconds\\) and ${old} `),
          ),
        },
      ]);
    },
  );

  it.each(RENAMED)(
    "$old in $section logs one warning naming $key and the value in seconds",
    async ({ section, old, value, key, seconds }) => {
      await parseConfig(configWith(section, { [old]: value }), { env: {} });
      expect(warnings().map((w) => [w.key, w.replacement, w.seconds, w.msg])).toEqual([
        [
          `${section}.${old}`,
          `${section}.${key}`,
          seconds,
          `${section}.${old} is deprecated: read as ${section}.${key}: ${seconds} (seconds); write that instead`,
        ],
      ]);
    },
  );

  it("a file with only today's keys logs no warning", async () => {
    await parseConfig(
      {
        mqtt: { reconnect: { minSeconds: 0.5, maxSeconds: 30 } },
        modem: { power: { pwrkeyPin: 6, pulseSeconds: 0.2 } },
      },
      { env: {} },
    );
    expect(warnings()).toEqual([]);
  });

  it("a YAML file with several deprecated keys gets one warning for each", async () => {
    const dir = await tempFiles({
      "smsgw.yaml": [
        "mqtt:",
        "  reconnect: { minMs: 250, maxMs: 4000 }",
        "automation:",
        "  security:",
        "    lockout: { windowMinutes: 5 }",
      ].join("\n"),
    });
    const { config } = await loadConfigFile({ path: `${dir}/smsgw.yaml`, env: {} });
    expect(config.mqtt.reconnect).toEqual({ minSeconds: 0.25, maxSeconds: 4 });
    expect(config.automation.security.lockout.windowSeconds).toBe(300);
    expect(warnings().map((w) => w.key)).toEqual([
      "mqtt.reconnect.minMs",
      "mqtt.reconnect.maxMs",
      "automation.security.lockout.windowMinutes",
    ]);
  });

  it("a deprecated key whose value is not a number is refused at that key", async () => {
    const issues = await issuesOf(
      parseConfig({ mqtt: { reconnect: { minMs: "soon" } } }, { env: {} }),
    );
    expect(issues).toEqual([
      {
        path: "mqtt.reconnect.minMs",
        message: "must be a number of ms (deprecated: better minSeconds, in seconds)",
      },
    ]);
  });

  it("fractions of a second are accepted where sub-second lengths matter", async () => {
    const { config } = await parseConfig(
      {
        modem: { power: { pwrkeyPin: 6, pulseSeconds: 0.05 } },
        mqtt: { reconnect: { minSeconds: 0.25 } },
      },
      { env: {} },
    );
    expect([config.modem.power?.pulseSeconds, config.mqtt.reconnect.minSeconds]).toEqual([
      0.05, 0.25,
    ]);
  });

  it("a deprecated key left undefined (a config built in code) counts as not set", () => {
    const c = automationSchema.parse({
      security: { maxCommandAgeMinutes: undefined, maxCommandAgeSeconds: 60 },
    });
    expect(c.security.maxCommandAgeSeconds).toBe(60);
  });

  it("the automation section alone (createAutomation's input) reads the deprecated keys too", () => {
    const c = automationSchema.parse({ security: { maxCommandAgeMinutes: 2 } });
    expect(c.security.maxCommandAgeSeconds).toBe(120);
  });
});

describe("deprecated duration keys from the environment", () => {
  it("SMSGW_MQTT_RECONNECT_MIN_MS still sets the first reconnect delay, in seconds", async () => {
    const { config } = await parseConfig({}, { env: { SMSGW_MQTT_RECONNECT_MIN_MS: "200" } });
    expect(config.mqtt.reconnect.minSeconds).toBe(0.2);
  });

  it("an environment variable wins over the file's other name for the same setting", async () => {
    const { config } = await parseConfig(
      { mqtt: { reconnect: { minMs: 200 } } },
      { env: { SMSGW_MQTT_RECONNECT_MIN_SECONDS: "3" } },
    );
    expect(config.mqtt.reconnect.minSeconds).toBe(3);
  });
});

describe("a misspelt duration key", () => {
  it("is answered with today's key name", async () => {
    const issues = await issuesOf(
      parseConfig({ mqtt: { reconnect: { minSecond: 1 } } }, { env: {} }),
    );
    expect(issues).toEqual([
      { path: "mqtt.reconnect.minSecond", message: 'unknown key; did you mean "minSeconds"?' },
    ]);
  });
});
