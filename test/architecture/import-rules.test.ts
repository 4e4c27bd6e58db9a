import { describe, expect, it } from "vitest";
import { layerOf, show, srcImports } from "./support/imports.js";

/**
 * The import rules of docs/architecture.md, read from the source with TypeScript's parser.
 * Each failure names the importing file, its line and the imported file.
 */
const imports = srcImports();

/** What each folder of `src/` may import besides itself (`util` is the shared bottom). */
const allowed: Record<string, readonly string[]> = {
  util: [],
  store: ["util"],
  modem: ["util"],
  sms: ["modem", "store", "util"],
  simulator: ["sms", "modem", "util"],
  clock: ["sms", "modem", "util"],
  automation: ["sms", "store", "util"],
  config: ["automation", "sms", "util", "webhooks"],
  webhooks: ["automation", "sms", "modem", "store", "util"],
  health: ["sms", "modem", "util"],
  mqtt: ["config", "health", "sms", "modem", "util"],
  http: ["config", "health", "mqtt", "sms", "modem", "store", "util", "webhooks"],
  doctor: ["modem", "util"],
  smpp: ["config", "mqtt", "sms", "store", "util"],
  metrics: ["config", "sms", "modem", "util", "webhooks"],
  email: ["automation", "config", "sms", "store", "util"],
  gateway: [
    "automation",
    "clock",
    "config",
    "doctor",
    "email",
    "health",
    "http",
    "metrics",
    "modem",
    "mqtt",
    "simulator",
    "smpp",
    "sms",
    "store",
    "util",
    "webhooks",
  ],
  cli: [
    "automation",
    "clock",
    "config",
    "doctor",
    "gateway",
    "health",
    "http",
    "metrics",
    "modem",
    "mqtt",
    "simulator",
    "sms",
  ],
  bench: [
    "automation",
    "clock",
    "config",
    "gateway",
    "metrics",
    "modem",
    "mqtt",
    "simulator",
    "smpp",
    "sms",
    "store",
    "webhooks",
  ],
};
for (const layer of ["cli", "bench"]) allowed[layer] = [...(allowed[layer] ?? []), "store", "util"];

/** Inside `src/modem/`, bottom first; `modem.ts` and other files at its top come last. */
const modemOrder = ["transport", "at", "profiles", "power", "lifecycle", "(top)"];
const modemPart = (file: string): string => {
  const parts = file.split("/");
  return parts.length === 3 ? "(top)" : (parts[2] as string);
};

describe("the import rules", () => {
  it("every folder of src/ has a row in the table of allowed imports", () => {
    const unknown = [...new Set(imports.flatMap((i) => [layerOf(i.from), layerOf(i.to)]))].filter(
      (l) => allowed[l] === undefined,
    );
    expect(unknown).toEqual([]);
  });

  it("no folder imports a folder above it (only those in its row)", () => {
    const upward = imports.filter((i) => {
      const a = layerOf(i.from);
      const b = layerOf(i.to);
      return a !== b && !(allowed[a] ?? []).includes(b);
    });
    expect(upward.map(show)).toEqual([]);
  });

  it("the MQTT bridge imports the SMS service's types only (`import type`)", () => {
    const values = imports.filter(
      (i) => layerOf(i.from) === "mqtt" && layerOf(i.to) === "sms" && !i.typeOnly,
    );
    expect(values.map(show)).toEqual([]);
  });

  it("the MQTT bridge imports the modem's types only (`import type`)", () => {
    const values = imports.filter(
      (i) => layerOf(i.from) === "mqtt" && layerOf(i.to) === "modem" && !i.typeOnly,
    );
    expect(values.map(show)).toEqual([]);
  });

  it("only gateway, cli and bench import the simulator", () => {
    const users = imports.filter(
      (i) =>
        layerOf(i.to) === "simulator" &&
        !["simulator", "gateway", "cli", "bench"].includes(layerOf(i.from)),
    );
    expect(users.map(show)).toEqual([]);
  });

  it("the simulator uses of the SMS layer only the PDU codec and types", () => {
    const uses = imports.filter(
      (i) =>
        layerOf(i.from) === "simulator" &&
        layerOf(i.to) === "sms" &&
        !i.to.startsWith("src/sms/pdu/") &&
        !i.typeOnly,
    );
    expect(uses.map(show)).toEqual([]);
  });

  it("the PDU codec (src/sms/pdu) imports nothing else of the SMS layer", () => {
    const uses = imports.filter(
      (i) =>
        i.from.startsWith("src/sms/pdu/") &&
        i.to.startsWith("src/sms/") &&
        !i.to.startsWith("src/sms/pdu/"),
    );
    expect(uses.map(show)).toEqual([]);
  });

  it("folders outside src/modem reach src/modem/at only through its index.ts", () => {
    const deep = imports.filter(
      (i) =>
        !i.from.startsWith("src/modem/") &&
        i.to.startsWith("src/modem/at/") &&
        i.to !== "src/modem/at/index.ts",
    );
    expect(deep.map(show)).toEqual([]);
  });

  it("inside src/modem, transport → at → profiles → power → lifecycle → modem.ts: none imports a later part", () => {
    const upward = imports.filter((i) => {
      if (!i.from.startsWith("src/modem/") || !i.to.startsWith("src/modem/")) return false;
      return modemOrder.indexOf(modemPart(i.to)) > modemOrder.indexOf(modemPart(i.from));
    });
    expect(upward.map(show)).toEqual([]);
  });
});

describe("the import reader", () => {
  it("finds imports, re-exports and type-only imports", () => {
    const bridge = imports.filter((i) => i.from === "src/mqtt/bridge.ts");
    expect(bridge.length).toBeGreaterThan(3);
    expect(imports.some((i) => i.typeOnly)).toBe(true);
    expect(imports.some((i) => i.from === "src/modem/at/index.ts" && !i.typeOnly)).toBe(true);
  });

  it("resolves folder-relative specifiers to files that exist in src/", () => {
    const targets = new Set(imports.map((i) => i.to));
    expect([...targets].filter((t) => !t.startsWith("src/"))).toEqual([]);
  });
});
