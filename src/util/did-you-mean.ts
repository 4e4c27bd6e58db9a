import type { z } from "zod";

/**
 * "Did you mean" for unknown config keys: the valid keys of the section a key was found in,
 * read from the schema itself, and the nearest of them by edit distance.
 */

type AnySchema = z.core.$ZodType;

/**
 * The keys an object in `schema` at `path` accepts (array indexes step into elements; in a
 * union, into the options that have the key, and at the end the keys of every option).
 */
export function keysAt(schema: AnySchema, path: ReadonlyArray<PropertyKey>): string[] {
  let nodes: AnySchema[] = [unwrap(schema)];
  for (const step of path) nodes = nodes.flatMap((n) => options(n)).flatMap((n) => child(n, step));
  return [...new Set(nodes.flatMap((n) => options(n)).flatMap((n) => Object.keys(shapeOf(n))))];
}

interface Def {
  type: string;
  shape?: Record<string, AnySchema>;
  element?: AnySchema;
  options?: AnySchema[];
  innerType?: AnySchema;
  in?: AnySchema;
  out?: AnySchema;
}

const defOf = (s: AnySchema) => s._zod.def as Def;

function shapeOf(s: AnySchema): Record<string, AnySchema> {
  const def = defOf(s);
  return def.type === "object" ? (def.shape ?? {}) : {};
}

function options(s: AnySchema): AnySchema[] {
  const def = defOf(s);
  return def.type === "union" ? (def.options ?? []).map(unwrap) : [s];
}

function child(s: AnySchema, step: PropertyKey): AnySchema[] {
  const def = defOf(s);
  const next =
    def.type === "array" && typeof step === "number"
      ? def.element
      : typeof step === "string"
        ? shapeOf(s)[step]
        : undefined;
  return next === undefined ? [] : [unwrap(next)];
}

/** Through defaults, optionals and transforms to the schema that has the shape. */
function unwrap(schema: AnySchema): AnySchema {
  let s = schema;
  for (let i = 0; i < 16; i++) {
    const def = defOf(s);
    if (def.innerType !== undefined) s = def.innerType;
    else if (def.type === "pipe" && def.in !== undefined)
      // z.preprocess(fn, schema) is pipe(transform, schema): the shape is the schema's.
      s = defOf(def.in).type === "transform" && def.out !== undefined ? def.out : def.in;
    else break;
  }
  return s;
}

/**
 * The candidate closest to `word`, if it is close enough to be a slip: a different case, or at
 * most one edit per three characters (two for `homeassistent`, one for `prot`).
 */
export function nearestKey(word: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const c of candidates) {
    const d = editDistance(word.toLowerCase(), c.toLowerCase());
    if (d < bestDistance) {
      best = c;
      bestDistance = d;
    }
  }
  const allowed = Math.max(1, Math.floor(word.length / 3));
  return best !== undefined && bestDistance <= allowed ? best : undefined;
}

/** Optimal string alignment distance: insertions, deletions, substitutions, adjacent swaps. */
export function editDistance(a: string, b: string): number {
  const rows: number[][] = [];
  for (let i = 0; i <= a.length; i++) {
    const row: number[] = [i];
    for (let j = 1; j <= b.length; j++) {
      if (i === 0) {
        row.push(j);
        continue;
      }
      const prev = rows[i - 1] as number[];
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(
        (prev[j] as number) + 1,
        (row[j - 1] as number) + 1,
        (prev[j - 1] as number) + cost,
      );
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        d = Math.min(d, (rows[i - 2]?.[j - 2] as number) + 1);
      row.push(d);
    }
    rows.push(row);
  }
  return rows[a.length]?.[b.length] ?? 0;
}
