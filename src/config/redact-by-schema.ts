import type { z } from "zod";
import { type SecretKind, secretMark } from "../util/secret.js";

/** What a redacted secret reads as. */
export const REDACTED = "***";

type Schema = z.core.$ZodType;

interface Def {
  type: string;
  innerType?: Schema;
  in?: Schema;
  out?: Schema;
  shape?: Record<string, Schema>;
  element?: Schema;
  valueType?: Schema;
  options?: Schema[];
}

const defOf = (s: Schema): Def => (s as unknown as { _zod: { def: Def } })._zod.def;

/** A password in a URL (`mqtt://user:secret@host`) replaced; other URLs (and non-URLs) as they are. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password === "") return url;
    u.password = REDACTED;
    return u.toString();
  } catch {
    return url;
  }
}

/**
 * A copy of `value` (data parsed by `schema`) with every value of a key marked `secret(…)` in
 * the schema redacted, at any depth (lists of users, records of contacts, unions of schedules).
 * Unset secrets stay unset, so the copy still says whether a secret was given.
 */
export function redactBySchema<T>(schema: Schema, value: T): T {
  return walk(schema, value) as T;
}

function walk(schema: Schema, value: unknown): unknown {
  if (value === undefined || value === null) return value;
  const kind = markOf(schema);
  if (kind !== undefined) return redactValue(kind, value);
  const shapes = structures(schema);
  if (Array.isArray(value)) {
    const element = shapes.map((s) => defOf(s).element).find((e) => e !== undefined);
    return element === undefined ? structuredClone(value) : value.map((v) => walk(element, v));
  }
  if (typeof value !== "object") return value;
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value as Record<string, unknown>)) {
    // The first structure that knows the key (a union's options are tried in order).
    let child: Schema | undefined;
    for (const s of shapes) {
      const d = defOf(s);
      child = d.shape?.[key] ?? d.valueType;
      if (child !== undefined) break;
    }
    out[key] = child === undefined ? structuredClone(v) : walk(child, v);
  }
  return out;
}

function redactValue(kind: SecretKind, value: unknown): unknown {
  if (kind === "url-password") return typeof value === "string" ? redactUrl(value) : REDACTED;
  return REDACTED;
}

/** Wrappers a mark may sit on or under: optional, default, prefault, nullable, pipes. */
function markOf(schema: Schema, depth = 0): SecretKind | undefined {
  if (depth > 20) return undefined;
  const own = secretMark(schema);
  if (own !== undefined) return own;
  const d = defOf(schema);
  if (d.innerType !== undefined) return markOf(d.innerType, depth + 1);
  if (d.type === "pipe")
    return (
      (d.in === undefined ? undefined : markOf(d.in, depth + 1)) ??
      (d.out === undefined ? undefined : markOf(d.out, depth + 1))
    );
  return undefined;
}

/** The object/array/record schemas a value of `schema` may have (several for a union). */
function structures(schema: Schema, depth = 0): Schema[] {
  if (depth > 20) return [];
  const d = defOf(schema);
  if (d.type === "object" || d.type === "array" || d.type === "record") return [schema];
  if (d.innerType !== undefined) return structures(d.innerType, depth + 1);
  if (d.type === "pipe")
    return [
      ...(d.in === undefined ? [] : structures(d.in, depth + 1)),
      ...(d.out === undefined ? [] : structures(d.out, depth + 1)),
    ];
  if (d.type === "union" && d.options !== undefined)
    return d.options.flatMap((o) => structures(o, depth + 1));
  return [];
}
