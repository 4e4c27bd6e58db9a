import { parse as parseYaml } from "yaml";
import type { z } from "zod";
import { renamesOf } from "../util/renamed-keys.js";
import { configSchema } from "./schema.js";

/**
 * Environment overrides `SMSGW_<SECTION>_<KEY>` (`SMSGW_MQTT_URL`, `SMSGW_MODEM_PIN`,
 * `SMSGW_MQTT_BASE_TOPIC` or `SMSGW_MQTT_BASETOPIC`, `SMSGW_MODEM_POWER_PWRKEY_PIN`). The key
 * path is found by walking the schema, so every config key can be overridden and the value is
 * typed by the schema (a PIN stays the text "0123"; `true`/`1883` become boolean/number).
 * Variables that name no key (SMSGW_APP_DIR, …) are left alone.
 */

const PREFIX = "SMSGW_";

export interface EnvOverride {
  /** Key path in the config, e.g. ["mqtt", "baseTopic"]. */
  path: string[];
  variable: string;
  value: unknown;
  /**
   * The other name of the same setting (a deprecated `minMs` for `minSeconds`, or the other
   * way round), removed from the file's section so the environment wins instead of clashing.
   */
  displaces?: string;
}

type Schema = z.core.$ZodType;

interface Def {
  type: string;
  innerType?: Schema;
  shape?: Record<string, Schema>;
  in?: Schema;
  out?: Schema;
}

const defOf = (s: Schema): Def => (s as unknown as { _zod: { def: Def } })._zod.def;

/** Through default/optional/pipe wrappers to the schema that says what the value is. */
function unwrap(s: Schema): Schema {
  let cur = s;
  for (let i = 0; i < 20; i++) {
    const d = defOf(cur);
    if (d.innerType !== undefined) cur = d.innerType;
    else if (d.type === "pipe" && d.out !== undefined) {
      // z.preprocess(fn, schema) is pipe(transform, schema): the value is the schema's.
      cur = defOf(d.in as Schema).type === "transform" ? d.out : (d.in as Schema);
    } else return cur;
  }
  return cur;
}

const squash = (s: string) => s.replace(/_/g, "").toLowerCase();

/** Finds the key path for the `_`-separated words, trying longer key names first. */
function resolve(
  schema: Schema,
  words: string[],
): { path: string[]; leaf: Schema; displaces?: string } | undefined {
  const s = unwrap(schema);
  const d = defOf(s);
  if (words.length === 0) return d.type === "object" ? undefined : { path: [], leaf: s };
  if (d.type !== "object" || d.shape === undefined) return undefined;
  const renames = renamesOf(schema);
  for (let n = words.length; n >= 1; n--) {
    const want = squash(words.slice(0, n).join(""));
    for (const [key, child] of Object.entries(d.shape)) {
      if (squash(key) !== want) continue;
      const rest = resolve(child, words.slice(n));
      if (rest === undefined) continue;
      const old = n === words.length ? renames.find((r) => r.to === key)?.from : undefined;
      return {
        ...rest,
        path: [key, ...rest.path],
        ...(old === undefined ? {} : { displaces: old }),
      };
    }
    // A deprecated name (SMSGW_MQTT_RECONNECT_MIN_MS) still works, like the key in the file.
    const renamed = renames.find((r) => squash(r.from) === want);
    const leaf = renamed === undefined ? undefined : d.shape[renamed.to];
    if (renamed !== undefined && leaf !== undefined && n === words.length)
      return { path: [renamed.from], leaf: unwrap(leaf), displaces: renamed.to };
  }
  return undefined;
}

/** Text from the environment → the type the schema wants (left as text when it doesn't fit). */
function coerce(leaf: Schema, raw: string): unknown {
  const type = defOf(leaf).type;
  if (type === "string") return raw;
  if (type === "number") {
    const n = Number(raw.trim());
    return raw.trim() !== "" && Number.isFinite(n) ? n : raw;
  }
  if (type === "boolean") {
    const v = raw.trim().toLowerCase();
    if (["true", "1", "yes", "on"].includes(v)) return true;
    if (["false", "0", "no", "off"].includes(v)) return false;
    return raw;
  }
  // Enums, unions, lists, objects: YAML/JSON syntax (SMSGW_CONTACTS='[{name: A, number: "+49…"}]').
  try {
    return parseYaml(raw) as unknown;
  } catch {
    return raw;
  }
}

export function envOverrides(env: Record<string, string | undefined>): EnvOverride[] {
  const out: EnvOverride[] = [];
  for (const [variable, raw] of Object.entries(env)) {
    if (!variable.startsWith(PREFIX) || raw === undefined) continue;
    const words = variable.slice(PREFIX.length).split("_").filter(Boolean);
    const hit = resolve(configSchema, words);
    if (hit === undefined) continue;
    out.push({
      path: hit.path,
      variable,
      value: coerce(hit.leaf, raw),
      ...(hit.displaces === undefined ? {} : { displaces: hit.displaces }),
    });
  }
  // Deterministic when two spellings name one key: the longer (more specific) name wins last.
  return out.sort((a, b) => a.variable.length - b.variable.length);
}

/** Writes the overrides into a (plain, YAML-parsed) config object, creating sections. */
export function applyOverrides(target: Record<string, unknown>, overrides: EnvOverride[]): void {
  for (const o of overrides) {
    let node = target;
    for (const key of o.path.slice(0, -1)) {
      const next = node[key];
      if (next === null || typeof next !== "object" || Array.isArray(next)) node[key] = {};
      node = node[key] as Record<string, unknown>;
    }
    const last = o.path[o.path.length - 1];
    if (last !== undefined) node[last] = o.value;
    if (o.displaces !== undefined) delete node[o.displaces];
  }
}
