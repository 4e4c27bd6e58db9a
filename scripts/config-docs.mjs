#!/usr/bin/env node
// Writes the configuration reference generated from the zod schema: the tables in
// docs/configuration.md (between its markers) and the JSON Schema docs/smsgw.schema.json.
// Run through `npm run docs:config`, which builds first; test/config/reference-is-up-to-date
// fails when the committed files differ from what this writes.
import { readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const { configJsonSchema, withReference } = await import(join(root, "dist/config/reference.js"));

const md = join(root, "docs/configuration.md");
writeFileSync(md, withReference(readFileSync(md, "utf8")));
writeFileSync(
  join(root, "docs/smsgw.schema.json"),
  `${JSON.stringify(configJsonSchema(), null, 2)}\n`,
);
console.log("wrote docs/configuration.md and docs/smsgw.schema.json");
