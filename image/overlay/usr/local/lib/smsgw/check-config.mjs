// Validates the gateway config the way `smsgw run` will read it: with the app's own loader
// (src/config, the zod schema is the single source of truth). Prints every problem, one per
// line, and exits 1; exit 0 when the config is good. Used by wait-config before the service.
import { access, readFile } from "node:fs/promises";
import { createRequire } from "node:module";

const appDir = process.env.SMSGW_APP_DIR ?? "/opt/smsgw";
const path = process.argv[2] ?? "/etc/smsgw/smsgw.yaml";

function fail(lines) {
  for (const line of lines) console.log(line);
  process.exit(1);
}

try {
  await readFile(path, "utf8");
} catch (err) {
  fail([`cannot read ${path}: ${err.code ?? err.message}`]);
}

let loadConfig;
for (const mod of ["dist/config/index.js", "dist/config/load.js", "dist/config/loader.js"]) {
  try {
    await access(`${appDir}/${mod}`);
    loadConfig = (await import(`${appDir}/${mod}`)).loadConfig;
    if (typeof loadConfig === "function") break;
  } catch {
    // try the next place
  }
}

if (typeof loadConfig === "function") {
  try {
    await loadConfig(path, process.env);
    process.exit(0);
  } catch (err) {
    const issues = err?.details?.issues;
    if (Array.isArray(issues) && issues.length > 0) {
      fail(issues.map((i) => `${i.path || "(top)"}: ${i.message}`));
    }
    fail([String(err?.message ?? err)]);
  }
}

// No loader in this build of the app: at least check that the file is YAML with a mapping.
const YAML = createRequire(`${appDir}/package.json`)("yaml");
const doc = YAML.parseDocument(await readFile(path, "utf8"));
if (doc.errors.length > 0) fail(doc.errors.map((e) => e.message.split("\n")[0]));
if (!YAML.isMap(doc.contents)) fail(["the file must be a YAML mapping (modem:, mqtt:, …)"]);
