/**
 * How Home Assistant decides whether an MQTT entity is available, from its discovery config and
 * the messages that arrived on the topics that config names: each availability topic starts
 * unavailable; a message whose (templated) payload equals `payload_available` (default
 * "online") makes it available, one equal to `payload_not_available` (default "offline")
 * unavailable, anything else leaves it as it was. `availability_mode` "all" (what smsgw uses)
 * needs every topic available, "any" one of them, "latest" (HA's default) follows the last
 * message. An entity without availability topics is always available.
 *
 * Templates: only the forms smsgw publishes are understood (`{{ value_json.a.b }}` and
 * `{{ X if value_json.a else Y }}`, X and Y a 'text', `none` or `value_json.…`); any other
 * template throws, so a test notices a discovery config it would otherwise misjudge.
 */

export interface AvailabilityEntry {
  topic: string;
  payload_available?: string;
  payload_not_available?: string;
  value_template?: string;
}

export interface Message {
  topic: string;
  text: string;
}

interface EntityConfig {
  availability?: AvailabilityEntry[];
  availability_topic?: string;
  availability_template?: string;
  availability_mode?: string;
  payload_available?: string;
  payload_not_available?: string;
}

/** Every availability topic a discovery config names, in the list form. */
export function availabilityEntries(config: unknown): AvailabilityEntry[] {
  const c = config as EntityConfig;
  const entries = [...(c.availability ?? [])];
  if (c.availability_topic !== undefined)
    entries.push({
      topic: c.availability_topic,
      ...(c.availability_template === undefined ? {} : { value_template: c.availability_template }),
      ...(c.payload_available === undefined ? {} : { payload_available: c.payload_available }),
      ...(c.payload_not_available === undefined
        ? {}
        : { payload_not_available: c.payload_not_available }),
    });
  return entries;
}

/** Whether Home Assistant shows the entity as available after `messages`, in arrival order. */
export function haAvailable(config: unknown, messages: readonly Message[]): boolean {
  const entries = availabilityEntries(config);
  if (entries.length === 0) return true;
  const state = new Map<string, boolean>(entries.map((e) => [e.topic, false]));
  let latest = false;
  for (const m of messages)
    for (const e of entries) {
      if (e.topic !== m.topic) continue;
      const value = e.value_template === undefined ? m.text : render(e.value_template, m.text);
      const now =
        value === (e.payload_available ?? "online")
          ? true
          : value === (e.payload_not_available ?? "offline")
            ? false
            : undefined;
      if (now === undefined) continue;
      state.set(e.topic, now);
      latest = now;
    }
  const mode = (config as EntityConfig).availability_mode ?? "latest";
  if (mode === "all") return [...state.values()].every(Boolean);
  if (mode === "any") return [...state.values()].some(Boolean);
  if (mode === "latest") return latest;
  throw new Error(`unknown availability_mode "${mode}"`);
}

/** Renders the template forms smsgw uses against a JSON payload, as Jinja would print them. */
export function render(template: string, payload: string): string {
  let json: unknown;
  try {
    json = JSON.parse(payload);
  } catch {
    // HA leaves value_json undefined for a payload that is not JSON.
  }
  const body = /^\{\{\s*(.*?)\s*\}\}$/.exec(template)?.[1];
  const choice = body === undefined ? null : /^(.+?)\s+if\s+(.+?)\s+else\s+(.+)$/.exec(body);
  const value =
    choice === null
      ? operand(body, json, template)
      : truthy(operand(choice[2], json, template))
        ? operand(choice[1], json, template)
        : operand(choice[3], json, template);
  return print(value);
}

/** `'text'`, `none` or `value_json.a.b`. */
function operand(expr: string | undefined, json: unknown, template: string): unknown {
  const literal = expr === undefined ? null : /^'([^']*)'$/.exec(expr);
  if (literal?.[1] !== undefined) return literal[1];
  if (expr === "none") return null;
  const path = expr === undefined ? null : /^value_json((?:\.\w+)+)$/.exec(expr);
  if (path?.[1] !== undefined) return pick(json, path[1]);
  throw new Error(`template not understood: ${template}`);
}

function pick(json: unknown, path: string): unknown {
  let v = json;
  for (const key of path.slice(1).split(".")) {
    if (typeof v !== "object" || v === null) return undefined;
    v = (v as Record<string, unknown>)[key];
  }
  return v;
}

/** Python's truthiness: false, None, 0, "" and empty containers are false. */
function truthy(v: unknown): boolean {
  if (Array.isArray(v)) return v.length > 0;
  if (typeof v === "object" && v !== null) return Object.keys(v).length > 0;
  return Boolean(v);
}

/** Jinja prints None as "None", booleans as "True"/"False" and a missing attribute as "". */
function print(v: unknown): string {
  if (v === undefined) return "";
  if (v === null) return "None";
  if (typeof v === "boolean") return v ? "True" : "False";
  if (typeof v === "object") return JSON.stringify(v);
  return String(v);
}
