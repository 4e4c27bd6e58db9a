import { SmsgwError } from "../errors.js";

/**
 * MQTT's rules for a topic name the gateway publishes to (MQTT 3.1.1 §1.5.3 and §4.7, MQTT 5
 * §1.5.4 and §4.7): well-formed UTF-8 of 1 to 65,535 bytes, no U+0000, no wildcards. Brokers
 * may also refuse control characters (U+0001–U+001F, U+007F–U+009F) and non-characters, and
 * mosquitto does so by closing the connection: one bad topic would take the whole bridge
 * offline on every reconnect. So every publish is checked here first and refused on its own.
 */

export const MAX_TOPIC_BYTES = 65_535;

/** Why `topic` may not be published to, or undefined when it may. */
export function topicNameProblem(topic: string): string | undefined {
  if (topic.length === 0) return "a topic name must not be empty";
  if (topic.includes("+") || topic.includes("#"))
    return "a topic name must not contain the wildcards + or #";
  if (topic.startsWith("$")) return "topics starting with $ belong to the broker";
  for (let i = 0; i < topic.length; i++) {
    const c = topic.charCodeAt(i);
    if (c <= 0x1f || (c >= 0x7f && c <= 0x9f))
      return `a topic name must not contain control characters (U+${hex(c)} at ${i})`;
    if (c >= 0xd800 && c <= 0xdbff) {
      const next = topic.charCodeAt(i + 1);
      if (!(next >= 0xdc00 && next <= 0xdfff))
        return `a topic name must be valid UTF-8 (lone surrogate U+${hex(c)} at ${i})`;
      const cp = ((c - 0xd800) << 10) + (next - 0xdc00) + 0x10000;
      if ((cp & 0xfffe) === 0xfffe) return `a topic name must not contain U+${hex(cp)}`;
      i++;
      continue;
    }
    if (c >= 0xdc00 && c <= 0xdfff)
      return `a topic name must be valid UTF-8 (lone surrogate U+${hex(c)} at ${i})`;
    if (c === 0xfffe || c === 0xffff || (c >= 0xfdd0 && c <= 0xfdef))
      return `a topic name must not contain the non-character U+${hex(c)}`;
  }
  const bytes = Buffer.byteLength(topic, "utf8");
  if (bytes > MAX_TOPIC_BYTES)
    return `a topic name has at most ${MAX_TOPIC_BYTES} bytes of UTF-8, not ${bytes}`;
  return undefined;
}

/** Throws `mqtt.invalid-topic` when `topic` breaks MQTT's rules (see topicNameProblem). */
export function assertPublishableTopic(topic: string): void {
  const problem = topicNameProblem(topic);
  if (problem !== undefined)
    throw new SmsgwError(
      "mqtt.invalid-topic",
      `cannot publish to ${JSON.stringify(topic)}: ${problem}`,
      {
        details: { problem },
      },
    );
}

/**
 * One topic level for a value such as a message id: every character outside printable ASCII
 * (space included, which MQTT allows), and `%`, `/`, `+`, `#`, becomes `%XX` of its UTF-8 bytes, so no id can add a level, form a
 * wildcard or carry a character a broker refuses. Ids of lists of recipients hold the number
 * (`abc:+4917…` → `abc:%2B4917…`).
 */
export function encodeTopicLevel(value: string): string {
  let out = "";
  for (const ch of value) {
    const c = ch.codePointAt(0) ?? 0;
    if (c >= 0x20 && c <= 0x7e && ch !== "%" && ch !== "/" && ch !== "+" && ch !== "#") out += ch;
    else
      for (const b of Buffer.from(ch, "utf8"))
        out += `%${b.toString(16).toUpperCase().padStart(2, "0")}`;
  }
  return out;
}

function hex(n: number): string {
  return n.toString(16).toUpperCase().padStart(4, "0");
}
