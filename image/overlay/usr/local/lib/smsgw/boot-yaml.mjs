// Applies the boot partition's smsgw.yaml: writes the full config for /etc/smsgw and a copy
// for the FAT partition with every secret replaced by a placeholder. A placeholder in the
// user's file means "keep the stored value", so the redacted file can be edited again.
//
// Stored values are found by identity, never by list position: a secret inside a list entry
// (a user, a contact…) is taken back only from the stored entry with the same `who` (or
// `name`, `id`, …). When that entry is gone, renamed or ambiguous, the placeholder is refused
// and the whole entry is left out of the device config (fail closed: a removed user's seed
// must never unlock the next user), and the console says so.
//
// The password of `mqtt.url` (mqtt://user:pw@host) moves to `mqtt.username`/`mqtt.password`,
// so it is redacted like any other secret. With --local-password-file, a config that uses the
// broker on this machine without a login of its own gets the gateway's local login.
//
// Usage: node boot-yaml.mjs <fat.yaml> <current /etc config or missing> <out-full> <out-redacted>
//          [--local-user <name> --local-password-file <path>]
// Exit 1 when <fat.yaml> is not YAML: <out-full> is not written, <out-redacted> is the file
// with the secret lines blanked line by line. Comments survive (yaml Document API).
import { readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { parseArgs } from "node:util";

const appDir = process.env.SMSGW_APP_DIR ?? "/opt/smsgw";
const YAML = createRequire(`${appDir}/package.json`)("yaml");

const PLACEHOLDER = "(stored on the gateway)";
const SECRET_KEYS = new Set(["pin", "puk", "password", "passphrase", "psk", "secret", "token"]);
/** Keys that name a list entry, in order of preference. */
const IDENTITY_KEYS = ["who", "name", "id", "number", "command", "topic"];
const LOCAL_HOSTS = new Set(["127.0.0.1", "localhost", "[::1]", "::1"]);

const { positionals, values: opt } = parseArgs({
  allowPositionals: true,
  options: {
    "local-user": { type: "string" },
    "local-password-file": { type: "string" },
  },
});
const [src, current, outFull, outRedacted] = positionals;
const say = (msg) => console.log(`smsgw.yaml: ${msg}`);

const parse = (text) => {
  const doc = YAML.parseDocument(text);
  if (doc.errors.length > 0) throw doc.errors[0];
  return doc;
};

const text = readFileSync(src, "utf8");
let doc;
try {
  doc = parse(text);
} catch (err) {
  say(`not valid YAML (${err.message.split("\n")[0]}); secrets blanked on the card line by line`);
  writeFileSync(outRedacted, redactLines(text));
  process.exit(1);
}
let stored = null;
try {
  stored = parse(readFileSync(current, "utf8")).toJS();
} catch {
  // first apply, or the stored file is broken: nothing to keep
}

const isSecretKey = (key) => SECRET_KEYS.has(key.toLowerCase());
const keyOf = (pair) => (YAML.isScalar(pair.key) ? String(pair.key.value) : String(pair.key));

/** The identity of a list entry: [key, value] of its first identity key, or null. */
function identityOf(item) {
  if (!YAML.isMap(item)) return null;
  for (const k of IDENTITY_KEYS) {
    const v = item.get(k);
    if (typeof v === "string" || typeof v === "number") return [k, String(v)];
  }
  return null;
}

/**
 * Visits every map pair whose key is a secret name. `path` is a list of steps: a map key, or
 * for a list entry { index, identity, duplicate } (duplicate: another sibling has the same
 * identity).
 */
function eachSecret(node, path, fn) {
  if (YAML.isMap(node)) {
    for (const pair of node.items) {
      const key = keyOf(pair);
      if (isSecretKey(key) && YAML.isScalar(pair.value)) fn(pair, [...path, key]);
      else eachSecret(pair.value, [...path, key], fn);
    }
  } else if (YAML.isSeq(node)) {
    const ids = node.items.map((item) => identityOf(item));
    for (const [index, item] of node.items.entries()) {
      const identity = ids[index];
      const duplicate =
        identity !== null &&
        ids.some(
          (o, j) => j !== index && o !== null && o[0] === identity[0] && o[1] === identity[1],
        );
      eachSecret(item, [...path, { index, identity, duplicate }], fn);
    }
  }
}

const describe = (path) =>
  path
    .map((s) => {
      if (typeof s === "string") return `.${s}`;
      return s.identity ? `[${s.identity[0]}=${s.identity[1]}]` : `[${s.index}]`;
    })
    .join("")
    .replace(/^\./, "");

/** The stored value for `path`, matching list entries by identity; or a reason why not. */
function storedValue(path) {
  let node = stored;
  for (const step of path) {
    if (node === null || node === undefined) return { why: "nothing stored there" };
    if (typeof step === "string") {
      node = node[step];
      continue;
    }
    if (!Array.isArray(node)) return { why: "the stored config has no list there" };
    if (step.identity === null)
      return { why: `the entry has none of ${IDENTITY_KEYS.join("/")} to tell it by` };
    if (step.duplicate) return { why: `two entries have ${step.identity.join("=")}` };
    const [k, v] = step.identity;
    const hits = node.filter((e) => e !== null && typeof e === "object" && String(e[k]) === v);
    if (hits.length !== 1)
      return {
        why: hits.length === 0 ? `no stored entry has ${k}=${v}` : `stored entries share ${k}=${v}`,
      };
    node = hits[0];
  }
  if (node === undefined || node === null || node === PLACEHOLDER)
    return { why: "nothing stored there" };
  if (typeof node === "object") return { why: "the stored value is not a single value" };
  return { value: node };
}

/** Moves user and password out of mqtt.url into their own keys (both copies get this). */
function splitMqttUrl(d) {
  const url = d.getIn(["mqtt", "url"]);
  if (typeof url !== "string" || !URL.canParse(url)) return;
  const u = new URL(url);
  if (u.username === "" && u.password === "") return;
  const user = decodeURIComponent(u.username);
  const pass = decodeURIComponent(u.password);
  u.username = "";
  u.password = "";
  d.setIn(["mqtt", "url"], d.createNode(u.href));
  if (user !== "" && !d.hasIn(["mqtt", "username"]))
    d.setIn(["mqtt", "username"], d.createNode(user));
  if (pass !== "") {
    if (d.hasIn(["mqtt", "password"]) || d.hasIn(["mqtt", "passwordFile"]))
      say("mqtt.url held a password and mqtt.password is set too: the one in the URL is dropped");
    else d.setIn(["mqtt", "password"], d.createNode(pass));
  }
}

splitMqttUrl(doc);
const full = doc.clone();

const dropKeys = [];
const dropEntries = new Map(); // seq node -> Set of indices
eachSecret(full.contents, [], (pair, path) => {
  if (pair.value.value !== PLACEHOLDER) return;
  const found = storedValue(path);
  if ("value" in found) {
    pair.value.value = found.value;
    return;
  }
  const lastEntry = path.findLastIndex((s) => typeof s !== "string");
  if (lastEntry === -1) {
    say(`${describe(path)}: "${PLACEHOLDER}" but ${found.why}: left out; type the value again`);
    dropKeys.push(path);
    return;
  }
  const seqPath = path.slice(0, lastEntry).map((s) => (typeof s === "string" ? s : s.index));
  const entry = path[lastEntry];
  say(
    `${describe(path)}: "${PLACEHOLDER}" but ${found.why}. This entry is LEFT OUT of the ` +
      "gateway's config (a stored secret is never moved to another entry); type its secret again on the card",
  );
  const seq = full.getIn(seqPath, true);
  if (!dropEntries.has(seq)) dropEntries.set(seq, new Set());
  dropEntries.get(seq).add(entry.index);
});
for (const path of dropKeys) full.deleteIn(path.map((s) => (typeof s === "string" ? s : s.index)));
for (const [seq, indices] of dropEntries)
  for (const i of [...indices].sort((a, b) => b - a)) seq.items.splice(i, 1);

// The gateway's own login on the local broker, when the config uses that broker without one.
if (opt["local-password-file"]) {
  const url = full.getIn(["mqtt", "url"]) ?? "mqtt://127.0.0.1:1883";
  const host = URL.canParse(url) ? new URL(url).hostname : "";
  const ownLogin = ["username", "password", "passwordFile"].some((k) => full.hasIn(["mqtt", k]));
  if (LOCAL_HOSTS.has(host) && !ownLogin) {
    if (!YAML.isMap(full.get("mqtt", true))) full.set("mqtt", full.createNode({}));
    full.setIn(["mqtt", "username"], opt["local-user"] ?? "smsgw");
    full.setIn(["mqtt", "passwordFile"], opt["local-password-file"]);
  }
}

eachSecret(doc.contents, [], (pair) => {
  if (pair.value.value !== null && pair.value.value !== "") {
    pair.value.value = PLACEHOLDER;
    pair.value.type = "QUOTE_DOUBLE";
  }
});

writeFileSync(outFull, full.toString(), { mode: 0o640 });
writeFileSync(outRedacted, doc.toString());

/** Line-based redaction for a file that does not parse: secret keys and URL passwords. */
function redactLines(t) {
  const keys = [...SECRET_KEYS].join("|");
  const keyLine = new RegExp(`^(\\s*(?:-\\s+)?(?:${keys})\\s*:\\s*)(?!\\s*(?:#|$)).*$`, "i");
  return t
    .split(/(?<=\n)/)
    .map((line) => {
      const eol = line.match(/\r?\n$/)?.[0] ?? "";
      let body = line.slice(0, line.length - eol.length);
      body = body.replace(/([a-z][a-z0-9+.-]*:\/\/[^\s/@:]*):[^\s/@]*@/gi, "$1@");
      body = body.replace(keyLine, `$1"${PLACEHOLDER}"`);
      return body + eol;
    })
    .join("");
}
