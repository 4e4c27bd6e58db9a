import { createHash } from "node:crypto";
import { open, readdir, readFile, rename } from "node:fs/promises";
import { basename, dirname, join, relative, sep } from "node:path";
import { z } from "zod";
import { errorMessage, SmsgwError } from "../../errors.js";
import { invalidRequest } from "../../mqtt/handlers/body.js";
import { FILE_MODE, fsyncDir, makeDir } from "../../store/fs-durable.js";

/**
 * The backup: one JSON file holding the config file and every file of the store directory,
 * each base64 with its SHA-256, so a damaged or edited upload is refused before anything is
 * written. JSON, not tar: Node reads and writes it without a new dependency.
 */
export const BACKUP_FORMAT = "smsgw-backup";

const fileSchema = z.strictObject({
  path: z.string(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  data: z.string(),
});

export const backupSchema = z.strictObject({
  format: z.literal(BACKUP_FORMAT),
  version: z.literal(1),
  createdAt: z.string(),
  config: fileSchema.nullable(),
  store: z.array(fileSchema),
});

export type Backup = z.infer<typeof backupSchema>;

/** A store file name as written back: relative, inside the store, no dot segments. */
const SAFE_PATH = /^(?!.*(?:^|\/)\.\.?(?:\/|$))[A-Za-z0-9._-]+(?:\/[A-Za-z0-9._-]+)*$/;

/** Temp files of a write under way: not the store's content. */
const isTemp = (name: string) => /\.(tmp|restore-tmp)$/.test(name);

function entry(path: string, bytes: Buffer) {
  return {
    path,
    sha256: createHash("sha256").update(bytes).digest("hex"),
    data: bytes.toString("base64"),
  };
}

async function storeFiles(dir: string, under = dir): Promise<string[]> {
  const out: string[] = [];
  for (const e of await readdir(under, { withFileTypes: true })) {
    const full = join(under, e.name);
    if (e.isDirectory()) out.push(...(await storeFiles(dir, full)));
    else if (e.isFile() && !isTemp(e.name)) out.push(relative(dir, full).split(sep).join("/"));
  }
  return out.sort();
}

export async function makeBackup(storeDir: string, configFile?: string): Promise<Backup> {
  const store = [];
  for (const path of await storeFiles(storeDir))
    store.push(entry(path, await readFile(join(storeDir, path))));
  return {
    format: BACKUP_FORMAT,
    version: 1,
    createdAt: new Date().toISOString(),
    config:
      configFile === undefined ? null : entry(basename(configFile), await readFile(configFile)),
    store,
  };
}

function invalid(message: string): SmsgwError {
  return new SmsgwError("http.backup-invalid", message);
}

/**
 * The upload as a backup, every file's bytes checked: a body of the wrong shape is a 400
 * naming its fields (as every JSON route answers), a damaged or unsafe file http.backup-invalid.
 */
export function readBackup(body: unknown): { backup: Backup; files: Map<string, Buffer> } {
  const r = backupSchema.safeParse(body);
  if (!r.success) throw invalidRequest(r.error.issues);
  const files = new Map<string, Buffer>();
  const all = r.data.config === null ? r.data.store : [...r.data.store, r.data.config];
  for (const f of all) {
    if (!SAFE_PATH.test(f.path)) throw invalid(`the backup names an unsafe path: ${f.path}`);
    const bytes = Buffer.from(f.data, "base64");
    if (createHash("sha256").update(bytes).digest("hex") !== f.sha256)
      throw invalid(`the backup's copy of ${f.path} is damaged (checksum mismatch)`);
    if (f !== r.data.config) files.set(f.path, bytes);
  }
  return { backup: r.data, files };
}

/** temp + fsync + rename + fsync(dir), as the store writes: a power cut leaves old or new. */
async function writeDurably(path: string, bytes: Buffer): Promise<void> {
  const tmp = `${path}.restore-tmp`;
  const fh = await open(tmp, "w", FILE_MODE);
  try {
    await fh.writeFile(bytes);
    await fh.sync();
  } finally {
    await fh.close();
  }
  await rename(tmp, path);
  await fsyncDir(dirname(path));
}

export interface RestoreResult {
  /** Store files written, relative to the store directory. */
  store: string[];
  /** Whether the config file was written (false: none in the backup, or no file to write to). */
  config: boolean;
}

/**
 * Writes a checked backup's files over the store directory and the config file. The running
 * gateway keeps its old files open, so its next writes may replace restored ones: the gateway
 * must be restarted right after.
 */
export async function restoreBackup(
  checked: { backup: Backup; files: Map<string, Buffer> },
  storeDir: string,
  configFile?: string,
): Promise<RestoreResult> {
  // The config file first: where the gateway may not write it (root's /etc), nothing changes.
  const config = checked.backup.config;
  if (config !== null && configFile !== undefined) {
    try {
      await writeDurably(configFile, Buffer.from(config.data, "base64"));
    } catch (err) {
      throw new SmsgwError(
        "http.restore-failed",
        `cannot write the config file ${configFile} (${errorMessage(err)}); nothing was restored`,
      );
    }
  }
  for (const [path, bytes] of checked.files) {
    const target = join(storeDir, path);
    await makeDir(dirname(target));
    await writeDurably(target, bytes);
  }
  return { store: [...checked.files.keys()], config: config !== null && configFile !== undefined };
}
