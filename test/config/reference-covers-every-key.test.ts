import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { parse as parseYaml } from "yaml";
import { parseConfig } from "../../src/config/index.js";
import { configJsonSchema, configKeys, withReference } from "../../src/config/reference.js";

const file = (path: string) => fileURLToPath(new URL(`../../${path}`, import.meta.url));
const read = (path: string) => readFileSync(file(path), "utf8");

const keys = configKeys();
const lastName = (path: string) => (path.split(".").at(-1) as string).replace("[]", "");
const sectionOf = (path: string) => path.split(/[.[]/)[0] as string;

/**
 * Key names written in each top-level section of the example file, commented out or not, in
 * block (`key: v`) or flow (`{ key: v }`) style.
 */
function exampleKeyNames(text: string): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  let section = "";
  for (const line of text.split("\n")) {
    // An optional section without defaults is shown commented out whole (`# balance:`).
    const top = /^(?:# )?([A-Za-z]+):/.exec(line);
    if (top) section = top[1] as string;
    const names = out.get(section) ?? new Set<string>();
    for (const m of line.replace(/^\s*#/, "").matchAll(/([A-Za-z][A-Za-z0-9]*)\s*:(?!\/)/g))
      names.add(m[1] as string);
    out.set(section, names);
  }
  return out;
}

describe("the configuration reference", () => {
  it("knows the schema's keys (sections, nested keys, list items, union variants)", () => {
    const paths = keys.map((k) => k.path);
    expect(paths).toEqual(
      expect.arrayContaining([
        "version",
        "modem.power.pwrkeyPin",
        "mqtt.reconnect.minSeconds",
        "sms.historyRetentionDays",
        "contacts[].number",
        "automation.alerts.rules[].forSeconds",
        "automation.schedules[].task",
      ]),
    );
  });

  it("every key has a description", () => {
    expect(keys.filter((k) => k.description.trim() === "").map((k) => k.path)).toEqual([]);
  });

  it("docs/configuration.md holds the reference generated from the schema (npm run docs:config)", () => {
    const md = read("docs/configuration.md");
    expect(md).toBe(withReference(md));
  });

  it("docs/configuration.md has a row for every key", () => {
    const md = read("docs/configuration.md");
    expect(keys.filter((k) => !md.includes(`| \`${k.path}\` |`)).map((k) => k.path)).toEqual([]);
  });

  it("docs/smsgw.schema.json is the JSON Schema generated from the schema (npm run docs:config)", () => {
    expect(JSON.parse(read("docs/smsgw.schema.json"))).toEqual(configJsonSchema());
  });
});

describe("smsgw.example.yaml", () => {
  it("names every key of the schema in its section (set or commented out)", () => {
    const names = exampleKeyNames(read("smsgw.example.yaml"));
    const missing = keys
      .filter((k) => !names.get(sectionOf(k.path))?.has(lastName(k.path)))
      .map((k) => k.path);
    expect(missing).toEqual([]);
  });

  it("its commented-out automation example is a valid automation section", async () => {
    const text = read("smsgw.example.yaml");
    const block = text
      .slice(text.indexOf("automation: {}\n") + "automation: {}\n".length)
      .split("\n")
      .filter((l) => l.startsWith("#  "))
      .map((l) => l.slice(1))
      .join("\n");
    const automation = parseYaml(block) as Record<string, unknown>;
    expect(Object.keys(automation)).toEqual(
      expect.arrayContaining(["commands", "alerts", "schedules", "forwarding", "autoReply"]),
    );
    await expect(parseConfig({ automation }, { env: {} })).resolves.toBeDefined();
  });
});
