/**
 * Reading a value out of an MQTT payload: a field path such as `temperature`,
 * `sensors[0].value` or `ENERGY.Power` (Tasmota) into a JSON payload, or the payload itself.
 */

export function getPath(root: unknown, path: string): unknown {
  let cur: unknown = root;
  for (const key of splitPath(path)) {
    if (cur === null || typeof cur !== "object") return undefined;
    cur = (cur as Record<string, unknown>)[key];
  }
  return cur;
}

function splitPath(path: string): string[] {
  return path
    .replace(/\[(\d+)\]/g, ".$1")
    .split(".")
    .filter((k) => k !== "");
}

/** The payload as a value: the field at `path` of its JSON, or the text (a number if numeric). */
export function payloadValue(payload: Buffer | string, path?: string): unknown {
  const raw = typeof payload === "string" ? payload : payload.toString("utf8");
  if (path !== undefined) {
    try {
      return getPath(JSON.parse(raw) as unknown, path);
    } catch {
      return undefined; // not JSON: the field is absent
    }
  }
  return parseScalar(raw);
}

/** `21.5` → 21.5, `true` → true, anything else the trimmed text. */
export function parseScalar(raw: string): unknown {
  const t = raw.trim();
  if (t !== "" && Number.isFinite(Number(t))) return Number(t);
  if (t === "true") return true;
  if (t === "false") return false;
  return t;
}

/** A number if the value is one (or numeric text / boolean), else undefined. */
export function toNumber(v: unknown): number | undefined {
  if (typeof v === "number") return Number.isFinite(v) ? v : undefined;
  if (typeof v === "boolean") return v ? 1 : 0;
  if (typeof v === "string" && v.trim() !== "" && Number.isFinite(Number(v))) return Number(v);
  return undefined;
}
