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
  return template.replace(PLACEHOLDER, (_m, key: string, filters: string) =>
    stringify(filtered(getPath(values, key), filters)),
  );
}

/**
 * Whether a template produces JSON (`{…}` or `[…]`): then renderPayload escapes every value,
 * so an SMS argument like `x", "admin": true` stays inside its string.
 */
export function isJsonTemplate(template: string): boolean {
  // `{{state}}` is a placeholder, not an object.
  return /^\s*(\[|\{(?!\{))/.test(template);
}

/**
 * A payload template rendered so the result stays the JSON it was written as: a placeholder
 * inside a JSON string gets its value escaped as string content; one outside gets a JSON value
 * (`|json` implied). Other templates render as text (renderTemplate).
 */
export function renderPayload(template: string, values: TemplateValues): string {
  if (!isJsonTemplate(template)) return renderTemplate(template, values);
  let out = "";
  let last = 0;
  for (const m of template.matchAll(PLACEHOLDER)) {
    const at = m.index;
    const before = template.slice(last, at);
    out += before;
    const v = filtered(getPath(values, m[1] as string), m[2] as string);
    if (v instanceof Literal) out += v.text;
    else if (insideString(template, at)) out += JSON.stringify(stringify(v)).slice(1, -1);
    else out += JSON.stringify(v === undefined ? null : v);
    last = at + m[0].length;
  }
  return out + template.slice(last);
}

/** The value keys a template uses (`{{args.name|lower}}` → `args.name`). */
export function placeholders(template: string): string[] {
  return [...template.matchAll(PLACEHOLDER)].map((m) => (m[1] as string).trim());
}

/** Whether position `at` of a JSON template lies inside a string literal. */
function insideString(template: string, at: number): boolean {
  let inside = false;
  for (let i = 0; i < at; i++) {
    const c = template[i];
    if (inside && c === "\\") i++;
    else if (c === '"') inside = !inside;
  }
  return inside;
}

function filtered(value: unknown, filters: string): unknown {
  let v = value;
  for (const f of filters
    .split("|")
    .map((s) => s.trim())
    .filter((s) => s !== ""))
    v = applyFilter(f, v);
  return v;
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
