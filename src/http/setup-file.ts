import { chmod, readFile, rename, stat } from "node:fs/promises";
import { dirname } from "node:path";
import { parseDocument } from "yaml";
import { keepDigitStrings, loadConfigFile, parseConfig } from "../config/load.js";
import { redactUrl } from "../config/redact-by-schema.js";
import {
  applySetupChange,
  type SetupChange,
  type SetupView,
  setupView,
} from "../config/setup-edit.js";
import { SmsgwError } from "../errors.js";
import { fsyncDir, isErrno, writeSynced } from "../store/fs-durable.js";

/**
 * The wizard's reads and writes of the gateway's own config file. A change is validated by
 * the same parser the gateway starts with before the file is touched, so a saved file always
 * starts; it takes effect at the next start.
 */

/** The file as the wizard sees it (environment overrides aside: the file is what it edits). */
export async function readSetup(path: string): Promise<SetupView> {
  const { config } = await loadConfigFile({ path, env: {} });
  return setupView(config, redactUrl);
}

/** One change at a time: two saves at once must not each write over the other's. */
let queue: Promise<unknown> = Promise.resolve();

export function writeSetup(path: string, change: SetupChange): Promise<SetupView> {
  const run = queue.then(() => edit(path, change));
  queue = run.catch(() => undefined);
  return run;
}

async function edit(path: string, change: SetupChange): Promise<SetupView> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (err) {
    if (!isErrno(err, "ENOENT")) throw err;
    throw new SmsgwError("config.no-file", `${path}, the file the gateway started from, is gone`);
  }
  const doc = parseDocument(text, { uniqueKeys: true });
  if (doc.errors.length > 0) {
    // The loader words YAML errors best (line, column, the lines around).
    await loadConfigFile({ path, env: {} });
    throw new SmsgwError("config.invalid", `${path} is not valid YAML`);
  }
  // Read as the loader reads it: a plain `+49…` is text, not the number YAML would make of it
  // (and write back without its +). Such scalars are written back quoted.
  keepDigitStrings(doc);
  applySetupChange(doc, change);
  let parsed: Awaited<ReturnType<typeof parseConfig>>;
  try {
    parsed = await parseConfig(doc.toJS() as unknown, { env: {}, source: path });
  } catch (err) {
    throw withFields(err);
  }
  await replaceKeepingMode(path, doc.toString());
  return setupView(parsed.config, redactUrl);
}

/** `config.invalid` with each problem as a field, the way every 400 of the API names them. */
function withFields(err: unknown): unknown {
  if (!(err instanceof SmsgwError) || err.code !== "config.invalid") return err;
  const issues = (err.details.issues ?? []) as Array<{ path: string; message: string }>;
  const fields = issues.map((i) => ({ field: i.path, message: i.message }));
  const said = fields.map((f) => `${f.field || "(top level)"}: ${f.message}`).join("; ");
  return new SmsgwError("config.invalid", `not saved: ${said}`, { details: { fields } });
}

/**
 * temp + fsync + rename + fsync(dir), the store's discipline, with the file's own mode kept
 * (it may be shared with a group that reads it).
 */
async function replaceKeepingMode(path: string, data: string): Promise<void> {
  const tmp = `${path}.tmp`;
  try {
    const { mode } = await stat(path);
    await writeSynced(tmp, data);
    await chmod(tmp, mode & 0o777);
    await rename(tmp, path);
    await fsyncDir(dirname(path));
  } catch (err) {
    if (isErrno(err, "EACCES", "EPERM", "EROFS"))
      throw new SmsgwError(
        "config.not-writable",
        `cannot write ${path} (${(err as NodeJS.ErrnoException).code}): change it by hand`,
      );
    throw err;
  }
}
