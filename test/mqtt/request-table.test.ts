import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { REQUEST_NAMES, REQUESTS } from "../../src/mqtt/handlers/index.js";
import { root, srcImports } from "../architecture/support/imports.js";

/** The request names in the topic table of docs/mqtt-api.md (`<base>/bridge/request/<name>`). */
function documentedRequests(): string[] {
  const doc = readFileSync(join(root, "docs/mqtt-api.md"), "utf8");
  return [...doc.matchAll(/^\| `<base>\/bridge\/request\/([^`]+)` \|/gm)].map((m) => m[1] ?? "");
}

const imports = srcImports();

describe("the request table", () => {
  it("lists exactly the requests docs/mqtt-api.md documents", () => {
    expect([...REQUEST_NAMES].sort()).toEqual(documentedRequests().sort());
  });

  it("says in one sentence what each request does", () => {
    const unsaid = REQUEST_NAMES.filter((n) => !/^[A-Z].*\.$/.test(REQUESTS[n].summary));
    expect(unsaid).toEqual([]);
  });

  it("holds handlers that import nothing of MQTT but the payload shapes and the SMS port", () => {
    const mqttSide = imports.filter(
      (i) =>
        i.from.startsWith("src/mqtt/handlers/") &&
        i.to.startsWith("src/mqtt/") &&
        !i.to.startsWith("src/mqtt/handlers/") &&
        i.to !== "src/mqtt/payloads.ts" &&
        i.to !== "src/mqtt/ports.ts",
    );
    expect(mqttSide.map((i) => `${i.from}:${i.line} → ${i.to}`)).toEqual([]);
  });

  it("holds handlers that do not use the MQTT client library", () => {
    const files = [...new Set(imports.map((i) => i.from))].filter((f) =>
      f.startsWith("src/mqtt/handlers/"),
    );
    const users = files.filter((f) => /from "mqtt"/.test(readFileSync(join(root, f), "utf8")));
    expect(files.length).toBeGreaterThan(0);
    expect(users).toEqual([]);
  });
});
