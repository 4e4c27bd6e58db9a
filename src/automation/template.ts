import { getPath } from "./json-path.js";

/**
 * Message and topic templates: `{{name}}` is replaced by the value `name` (dotted paths
 * allowed: `{{args.name}}`), with optional filters: `{{state|lower}}`, `{{text|json}}` (a JSON
 * string literal, for payloads), `{{temp|round:1}}`. A missing value renders as `?`, so a
 * reply is still sent when a sensor has not reported yet. Nothing is evaluated: no code runs.
 */

export type TemplateValues = Record<string, unknown>;

const PLACEHOLDER = /\{\{\s*([^}|]+?)\s*((?:\|\s*[a-z]+(?::[^}|]*)?\s*)*)\}\}/g;

export const MISSING = "?";

export function renderTemplate(template: string, values: TemplateValues): string {
  return template.replace(PLACEHOLDER, (_m, key: string, filters: string) => {
    let v = getPath(values, key);
    for (const f of filters
      .split("|")
      .map((s) => s.trim())
      .filter((s) => s !== ""))
      v = applyFilter(f, v);
    return stringify(v);
  });
}

function applyFilter(filter: string, v: unknown): unknown {
  const [name, arg] = filter.split(":", 2) as [string, string | undefined];
  switch (name) {
    case "json":
      return new Literal(JSON.stringify(v === undefined ? null : v));
    case "upper":
      return v === undefined ? v : stringify(v).toUpperCase();
    case "lower":
      return v === undefined ? v : stringify(v).toLowerCase();
    case "round": {
      const n = typeof v === "number" ? v : Number(v);
      if (v === undefined || !Number.isFinite(n)) return v;
      return n.toFixed(Math.max(0, Math.min(6, Number(arg ?? 0) || 0)));
    }
    default:
      return v; // unknown filters are ignored rather than breaking an alert
  }
}

/** Text that is already final (the `json` filter's output: `null` is not "missing"). */
class Literal {
  constructor(readonly text: string) {}
}

function stringify(v: unknown): string {
  if (v instanceof Literal) return v.text;
  if (v === undefined || v === null) return MISSING;
  if (typeof v === "object") return JSON.stringify(v);
  return String(v);
}
