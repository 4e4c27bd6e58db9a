import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { ERROR_CODES, errorCatalogueMarkdown, isErrorCode } from "../../src/error-codes.js";
import { SmsgwError } from "../../src/errors.js";
import { WEBHOOK_EVENTS } from "../../src/webhooks/types.js";

const root = fileURLToPath(new URL("../../", import.meta.url));
const read = (path: string) => readFileSync(join(root, path), "utf8");

function sources(dir: string): string[] {
  return readdirSync(join(root, dir), { withFileTypes: true }).flatMap((e) =>
    e.isDirectory()
      ? sources(join(dir, e.name))
      : e.name.endsWith(".ts")
        ? [join(dir, e.name)]
        : [],
  );
}

const AREAS = "pdu|at|transport|modem|sim|network|sms|store|mqtt|http|config|automation|ussd";
/** Webhook event names share the shape of a code (`sms.received`) but are none. */
const EVENT_NAMES: readonly string[] = WEBHOOK_EVENTS;
/** `"sms.queue-full"`-shaped string literals (not file names such as automation.json). */
const codeLiterals = (text: string) =>
  [...text.matchAll(new RegExp(`"((?:${AREAS})\\.[a-z0-9-]+)"`, "g"))]
    .map((m) => m[1] as string)
    .filter((c) => !/\.(json|yaml|ts|js)$/.test(c) && !EVENT_NAMES.includes(c));

describe("the error-code catalogue", () => {
  it("gives every code a sentence", () => {
    expect(Object.entries(ERROR_CODES).filter(([, s]) => !/^[A-Z].*\.$/.test(s))).toEqual([]);
  });

  it("names codes <area>.<reason> in lower case", () => {
    expect(
      Object.keys(ERROR_CODES).filter((c) => !new RegExp(`^(${AREAS})\\.[a-z0-9-]+$`).test(c)),
    ).toEqual([]);
  });

  it("holds every code written in src/ (SmsgwError, outbox failures, warnings)", () => {
    const unknown = sources("src").flatMap((f) =>
      codeLiterals(read(f))
        .filter((c) => !isErrorCode(c))
        .map((c) => `${f}: ${c}`),
    );
    expect(unknown).toEqual([]);
  });

  it("holds every code docs/mqtt-api.md lists for responses", () => {
    const doc = read("docs/mqtt-api.md");
    const start = doc.indexOf("Error codes:");
    const list = doc.slice(start, doc.indexOf("\n\n", start));
    const named = [...list.matchAll(new RegExp(`\`((?:${AREAS})\\.[a-z0-9-]+)\``, "g"))].map(
      (m) => m[1] as string,
    );
    expect(named.length).toBeGreaterThan(5);
    expect(named.filter((c) => !isErrorCode(c))).toEqual([]);
  });

  it("docs/errors.md is generated from it (npm run docs:config)", () => {
    expect(read("docs/errors.md")).toBe(errorCatalogueMarkdown());
  });

  it("an SmsgwError carries its code and area", () => {
    const e = new SmsgwError("sms.queue-full", "full");
    expect([e.code, e.area]).toEqual(["sms.queue-full", "sms"]);
  });
});
