// Applies the boot partition's smsgw.yaml: writes the full config for /etc/smsgw and a copy
// for the FAT partition with every secret replaced by a placeholder. A placeholder in the
// user's file means "keep the stored value", so the redacted file can be edited again.
// Usage: node boot-yaml.mjs <fat.yaml> <current /etc config or missing> <out-full> <out-redacted>
// Exit 1 (nothing written) when <fat.yaml> is not YAML. Comments survive (yaml Document API).
import { readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";

const appDir = process.env.SMSGW_APP_DIR ?? "/opt/smsgw";
const YAML = createRequire(`${appDir}/package.json`)("yaml");

const PLACEHOLDER = "(stored on the gateway)";
const SECRET_KEYS = new Set(["pin", "puk", "password", "passphrase", "psk", "secret", "token"]);

const [src, current, outFull, outRedacted] = process.argv.slice(2);
const parse = (text) => {
  const doc = YAML.parseDocument(text);
  if (doc.errors.length > 0) throw doc.errors[0];
  return doc;
};

let doc;
try {
  doc = parse(readFileSync(src, "utf8"));
} catch (err) {
  console.error(`smsgw.yaml: ${err.message}`);
  process.exit(1);
}
let stored = null;
try {
  stored = parse(readFileSync(current, "utf8"));
} catch {
  // first apply, or the stored file is broken: nothing to keep
}

/** Visits every map pair whose key is a secret name; path is the list of keys to it. */
function eachSecret(node, path, fn) {
  if (YAML.isMap(node)) {
    for (const pair of node.items) {
      const key = YAML.isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
      if (SECRET_KEYS.has(key.toLowerCase()) && YAML.isScalar(pair.value)) fn(pair, [...path, key]);
      else eachSecret(pair.value, [...path, key], fn);
    }
  } else if (YAML.isSeq(node)) {
    for (const [i, item] of node.items.entries()) eachSecret(item, [...path, i], fn);
  }
}

const full = doc.clone();
const drop = [];
eachSecret(full.contents, [], (pair, path) => {
  if (pair.value.value !== PLACEHOLDER) return;
  const kept = stored?.getIn(path);
  if (kept === undefined || kept === PLACEHOLDER) drop.push(path);
  else pair.value.value = kept;
});
for (const path of drop) full.deleteIn(path);

eachSecret(doc.contents, [], (pair) => {
  if (pair.value.value !== null && pair.value.value !== "") {
    pair.value.value = PLACEHOLDER;
    pair.value.type = "QUOTE_DOUBLE";
  }
});

writeFileSync(outFull, full.toString(), { mode: 0o640 });
writeFileSync(outRedacted, doc.toString());
