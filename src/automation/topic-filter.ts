/**
 * MQTT topic filters (MQTT 3.1.1 §4.7): `+` matches one level, `#` (last level only) the rest,
 * including the parent level itself (`a/#` matches `a`). Topics starting with `$` are not
 * matched by filters starting with a wildcard (§4.7.2).
 */

/** Undefined when valid, else the reason. */
export function validateTopicFilter(filter: string): string | undefined {
  if (filter.length === 0) return "a topic filter must not be empty";
  if (filter.includes("\u0000")) return "a topic filter must not contain NUL";
  const levels = filter.split("/");
  for (let i = 0; i < levels.length; i++) {
    const l = levels[i] as string;
    if (l.includes("#") && (l !== "#" || i !== levels.length - 1))
      return "# must be a whole level and the last one";
    if (l.includes("+") && l !== "+") return "+ must be a whole level";
  }
  return undefined;
}

export function topicMatches(filter: string, topic: string): boolean {
  if (topic.startsWith("$") && (filter.startsWith("+") || filter.startsWith("#"))) return false;
  const f = filter.split("/");
  const t = topic.split("/");
  for (let i = 0; i < f.length; i++) {
    const fl = f[i];
    if (fl === "#") return true;
    if (i >= t.length) return false;
    if (fl !== "+" && fl !== t[i]) return false;
  }
  return f.length === t.length;
}

/**
 * Undefined when `topic` is a topic name a broker accepts for PUBLISH (MQTT 3.1.1 §4.7.3, §1.5.3),
 * else the reason. mosquitto drops the connection of a client that publishes anything else, and
 * mqtt.js resends it on every reconnect: one bad topic would take the client offline for good.
 */
export function topicNameProblem(topic: string): string | undefined {
  if (topic === "") return "an empty topic";
  if (hasWildcard(topic)) return "a wildcard (+ or #) in a topic name";
  if (/[\p{Cc}\uFFFE\uFFFF]/u.test(topic)) return "a control character";
  if (/[\uD800-\uDFFF]/.test(topic.replace(/[\uD800-\uDBFF][\uDC00-\uDFFF]/g, "")))
    return "a lone surrogate";
  if (Buffer.byteLength(topic, "utf8") > 65_535) return "longer than 65,535 bytes";
  return undefined;
}

export function hasWildcard(filter: string): boolean {
  return filter.includes("+") || filter.includes("#");
}
