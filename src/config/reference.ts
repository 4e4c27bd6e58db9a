import { z } from "zod";
import { configSchema } from "./schema.js";

/**
 * The configuration reference, generated from the zod schema (the one source of truth): the
 * JSON Schema of `smsgw.yaml`, and the Markdown tables in docs/configuration.md.
 * `npm run docs:config` writes both; a test fails when either is out of date.
 */

type Json = Record<string, unknown>;

/** JSON Schema (draft 2020-12) of what a user may write in `smsgw.yaml`. */
export function configJsonSchema(): Json {
  const schema = z.toJSONSchema(configSchema, {
    io: "input",
    unrepresentable: "any",
    target: "draft-2020-12",
  }) as Json;
  return {
    ...schema,
    title: "smsgw.yaml",
    description: "The smsgw gateway configuration (docs/configuration.md).",
  };
}

/** One key of the configuration: `mqtt.reconnect.minSeconds`, `automation.commands[].name`. */
export interface ConfigKey {
  path: string;
  type: string;
  default: string;
  description: string;
  /** Has keys of its own (an object, a list of objects, a map of objects). */
  section: boolean;
}

const asJson = (v: unknown): Json | undefined =>
  typeof v === "object" && v !== null && !Array.isArray(v) ? (v as Json) : undefined;

function variants(s: Json): Json[] {
  const list = (s.anyOf ?? s.oneOf) as unknown[] | undefined;
  return (list ?? []).map(asJson).filter((v): v is Json => v !== undefined);
}

function typeOf(s: Json): string {
  if (s.const !== undefined) return JSON.stringify(s.const);
  if (Array.isArray(s.enum)) return s.enum.map((v) => JSON.stringify(v)).join(" | ");
  const vs = variants(s);
  if (vs.length > 0) return [...new Set(vs.map(typeOf))].join(" | ");
  if (s.type === "array") {
    const items = asJson(s.items);
    return items === undefined ? "list" : `list of ${typeOf(items)}`;
  }
  if (s.type === "object") return s.properties === undefined ? "map" : "object";
  if (Array.isArray(s.type)) return s.type.join(" | ");
  return typeof s.type === "string" ? s.type : "any";
}

function defaultOf(s: Json): string {
  if (!("default" in s)) return "–";
  const d = s.default;
  if (d !== null && typeof d === "object" && Object.keys(d).length === 0) return "–";
  return `\`${JSON.stringify(d).replace(/\|/g, "\\|")}\``;
}

/** Every key, depth first in schema order; list items as `[]`, map entries as `.<name>`. */
export function configKeys(schema: Json = configJsonSchema()): ConfigKey[] {
  const out: ConfigKey[] = [];
  const seen = new Map<string, ConfigKey>();
  const walkChildren = (s: Json, path: string): boolean => {
    let any = false;
    const props = asJson(s.properties);
    if (props !== undefined) {
      for (const [key, child] of Object.entries(props)) {
        const c = asJson(child);
        if (c !== undefined) visit(c, path === "" ? key : `${path}.${key}`);
      }
      any = true;
    }
    const items = asJson(s.items);
    if (s.type === "array" && items !== undefined) any = walkChildren(items, `${path}[]`) || any;
    const extra = asJson(s.additionalProperties);
    if (s.type === "object" && props === undefined && extra !== undefined)
      any = walkChildren(extra, `${path}.<name>`) || any;
    for (const v of variants(s)) any = walkChildren(v, path) || any;
    return any;
  };
  const visit = (s: Json, path: string): void => {
    const known = seen.get(path);
    if (known !== undefined) {
      // The same key in another variant of a union (schedule types): one row saying both.
      const type = typeOf(s);
      known.type = [...new Set([...known.type.split(" | "), ...type.split(" | ")])].join(" | ");
      const d = typeof s.description === "string" ? s.description : "";
      if (d !== "" && !known.description.includes(d)) known.description += `; ${d}`;
      walkChildren(s, path);
      return;
    }
    const row: ConfigKey = {
      path,
      type: typeOf(s),
      default: defaultOf(s),
      description: typeof s.description === "string" ? s.description : "",
      section: false,
    };
    out.push(row);
    seen.set(path, row);
    row.section = walkChildren(s, path);
  };
  walkChildren(schema, "");
  return out;
}

/** Table cell text: `|` escaped, `<base>` kept as text rather than read as an HTML tag. */
const cell = (s: string): string =>
  s.replace(/\|/g, "\\|").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/\n/g, " ");

/** The generated part of docs/configuration.md: one table per top-level section. */
export function configReferenceMarkdown(keys: ConfigKey[] = configKeys()): string {
  const lines: string[] = [];
  for (const top of keys.filter((k) => !k.path.includes(".") && !k.path.includes("["))) {
    lines.push(`### \`${top.path}\``, "", top.description, "");
    lines.push("| key | type | default | description |", "|---|---|---|---|");
    const rows = keys.filter(
      (k) =>
        k.path === top.path ||
        k.path.startsWith(`${top.path}.`) ||
        k.path.startsWith(`${top.path}[`),
    );
    for (const k of rows)
      lines.push(`| \`${k.path}\` | ${cell(k.type)} | ${k.default} | ${cell(k.description)} |`);
    lines.push("");
  }
  return lines.join("\n");
}

export const REFERENCE_BEGIN =
  "<!-- BEGIN generated by `npm run docs:config` from src/config/schema.ts: do not edit -->";
export const REFERENCE_END = "<!-- END generated -->";

/** docs/configuration.md with its generated block replaced by the current reference. */
export function withReference(markdown: string, reference = configReferenceMarkdown()): string {
  const begin = markdown.indexOf(REFERENCE_BEGIN);
  const end = markdown.indexOf(REFERENCE_END);
  if (begin < 0 || end < begin)
    throw new Error("docs/configuration.md lacks the generated-block markers");
  return `${markdown.slice(0, begin + REFERENCE_BEGIN.length)}\n\n${reference}\n${markdown.slice(end)}`;
}
