import { z } from "zod";

/**
 * Deprecated config keys that still work: a duration key once written in milliseconds or
 * minutes (`minMs`, `cooldownMinutes`) is now written in seconds (`minSeconds`,
 * `cooldownSeconds`). The old key is read as its new one, converted, wherever the schema is
 * parsed; a mapping that sets both is refused, naming both, since the two could disagree.
 * `renamedKeysUsed` finds the old keys in a document so the loader can warn about each once.
 */

export interface RenamedKey {
  /** The deprecated key (`minMs`). */
  from: string;
  /** The key that replaces it (`minSeconds`). */
  to: string;
  /** The old key's unit, which the conversion turns into seconds. */
  unit: "ms" | "minutes";
}

/** Seconds from a value in the old key's unit, to the millisecond (no float noise: 0.1 min = 6 s). */
export function toSeconds(value: number, unit: RenamedKey["unit"]): number {
  const ms = unit === "ms" ? value : value * 60_000;
  return Math.round(ms) / 1000;
}

/** The renamed keys of each wrapped object schema (read by `renamedKeysUsed`). */
const registry = new WeakMap<z.core.$ZodType, readonly RenamedKey[]>();

type WithOldKeys<T extends z.ZodType, R extends readonly RenamedKey[]> = z.input<T> & {
  [K in R[number]["from"]]?: number;
};

/**
 * `schema` (an object) that also accepts each `from` key, in its old unit, as its `to` key.
 * The input type keeps the old keys (optional), so configs built in code keep compiling.
 */
export function withRenamedKeys<T extends z.ZodType, const R extends readonly RenamedKey[]>(
  schema: T,
  renames: R,
) {
  const wrapped = z.preprocess<unknown, T, WithOldKeys<T, R>>((value, ctx) => {
    if (typeof value !== "object" || value === null || Array.isArray(value)) return value;
    const v = value as Record<string, unknown>;
    if (!renames.some((r) => r.from in v)) return value;
    const out: Record<string, unknown> = { ...v };
    for (const r of renames) {
      const old = v[r.from];
      delete out[r.from];
      // A key set to undefined (a config built in code) is as good as absent.
      if (old === undefined) continue;
      if (v[r.to] !== undefined)
        ctx.addIssue({
          code: "custom",
          path: [r.from],
          message: `set only one of ${r.to} (seconds) and ${r.from} (its deprecated form in ${r.unit})`,
          input: old,
        });
      else if (typeof old !== "number" || !Number.isFinite(old))
        ctx.addIssue({
          code: "custom",
          path: [r.from],
          message: `must be a number of ${r.unit} (deprecated: better ${r.to}, in seconds)`,
          input: old,
        });
      else out[r.to] = toSeconds(old, r.unit);
    }
    return out;
  }, schema);
  registry.set(wrapped, renames);
  return wrapped;
}

/** The renamed keys of the object `schema` stands for (through optional, default, pipes). */
export function renamesOf(schema: z.core.$ZodType): readonly RenamedKey[] {
  let s = schema;
  for (let i = 0; i < 20; i++) {
    const own = registry.get(s);
    if (own !== undefined) return own;
    const d = defOf(s);
    if (d.innerType !== undefined) s = d.innerType;
    else if (d.type === "pipe" && d.in !== undefined && d.out !== undefined)
      s = defOf(d.in).type === "transform" ? d.out : d.in;
    else break;
  }
  return [];
}

/** One deprecated key found in a document, with what it means in today's key. */
export interface RenamedKeyUse {
  /** Path of the object holding it: `mqtt.reconnect`, `automation.alerts.rules.0`. */
  at: string;
  from: string;
  to: string;
  value: unknown;
  /** The value in seconds (undefined when the old value is not a number). */
  seconds: number | undefined;
}

interface Def {
  type: string;
  innerType?: z.core.$ZodType;
  in?: z.core.$ZodType;
  out?: z.core.$ZodType;
  shape?: Record<string, z.core.$ZodType>;
  element?: z.core.$ZodType;
  valueType?: z.core.$ZodType;
  options?: z.core.$ZodType[];
}

const defOf = (s: z.core.$ZodType): Def => s._zod.def as unknown as Def;

/** Every deprecated key in `value` (a raw document), found by walking it along `schema`. */
export function renamedKeysUsed(schema: z.core.$ZodType, value: unknown): RenamedKeyUse[] {
  const out: RenamedKeyUse[] = [];
  walk(schema, value, [], out, 0);
  return out;
}

function walk(
  schema: z.core.$ZodType,
  value: unknown,
  path: string[],
  out: RenamedKeyUse[],
  depth: number,
): void {
  if (depth > 64 || value === null || typeof value !== "object") return;
  const renames = registry.get(schema);
  if (renames !== undefined && !Array.isArray(value)) {
    const v = value as Record<string, unknown>;
    for (const r of renames)
      if (v[r.from] !== undefined) {
        const old = v[r.from];
        out.push({
          at: path.join("."),
          from: r.from,
          to: r.to,
          value: old,
          seconds: typeof old === "number" ? toSeconds(old, r.unit) : undefined,
        });
      }
  }
  const d = defOf(schema);
  const v = value as Record<string, unknown>;
  if (d.innerType !== undefined) walk(d.innerType, value, path, out, depth + 1);
  else if (d.type === "pipe" && d.in !== undefined && d.out !== undefined)
    walk(defOf(d.in).type === "transform" ? d.out : d.in, value, path, out, depth + 1);
  else if (d.type === "union" && d.options !== undefined) {
    // Only one option holds the value; the first that finds renames is the one.
    const before = out.length;
    for (const o of d.options) {
      walk(o, value, path, out, depth + 1);
      if (out.length > before) break;
    }
  } else if (d.type === "object" && d.shape !== undefined) {
    for (const [key, child] of Object.entries(d.shape))
      if (key in v) walk(child, v[key], [...path, key], out, depth + 1);
  } else if (d.type === "array" && d.element !== undefined && Array.isArray(value))
    for (const [i, item] of value.entries())
      walk(d.element, item, [...path, String(i)], out, depth + 1);
  else if (d.type === "record" && d.valueType !== undefined)
    for (const [key, item] of Object.entries(v))
      walk(d.valueType, item, [...path, key], out, depth + 1);
}
