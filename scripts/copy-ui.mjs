// Copies the web UI's static files (plain ES modules, CSS, HTML) next to the compiled server
// code: tsc compiles only .ts files, and dist/ is what the SD image and install.sh ship.
import { cpSync, rmSync } from "node:fs";
import { fileURLToPath } from "node:url";

const from = fileURLToPath(new URL("../src/http/ui/static/", import.meta.url));
const to = fileURLToPath(new URL("../dist/http/ui/static/", import.meta.url));
rmSync(to, { recursive: true, force: true });
cpSync(from, to, { recursive: true });
