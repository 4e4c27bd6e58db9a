#!/usr/bin/env node
// Writes the references generated from the source: the configuration tables in
// docs/configuration.md (between its markers), the JSON Schema docs/smsgw.schema.json (both
// from the zod schema), and docs/errors.md (from the error-code catalogue).
// Run through `npm run docs:config`, which builds first; test/config/reference-is-up-to-date
// fails when the committed files differ from what this writes.
import { readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const { configJsonSchema, withReference } = await import(join(root, "dist/config/reference.js"));
const { errorCatalogueMarkdown } = await import(join(root, "dist/error-codes.js"));

const md = join(root, "docs/configuration.md");
writeFileSync(md, withReference(readFileSync(md, "utf8")));
writeFileSync(
  join(root, "docs/smsgw.schema.json"),
  `${JSON.stringify(configJsonSchema(), null, 2)}\n`,
);
writeFileSync(join(root, "docs/errors.md"), errorCatalogueMarkdown());
console.log("wrote docs/configuration.md, docs/smsgw.schema.json and docs/errors.md");
