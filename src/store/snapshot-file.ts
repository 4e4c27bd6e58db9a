import { rename } from "node:fs/promises";
import { dirname } from "node:path";
import type { Adapter } from "lowdb";
import { openDocument, sealDocument } from "./checksum.js";
import {
  fsyncDir,
  moveAside,
  preserveAs,
  readIfExists,
  unlinkIfExists,
  writeSynced,
} from "./fs-durable.js";
import { corruptError } from "./store-errors.js";

/** What one copy on disk turned out to be. */
export type CopyState<T> =
  | { state: "ok"; doc: T; bytes: number }
  | { state: "missing" }
  | { state: "corrupt"; reason: string };

export interface SnapshotLoad<T> {
  main: CopyState<T>;
  backup: CopyState<T>;
  /** Which copy `read()` returned. */
  source: "main" | "backup" | "none";
}

export interface SnapshotFileOptions<T> {
  parse?: (body: string) => T;
  stringify?: (doc: T) => string;
  now?: () => number;
}

/**
 * A lowdb `Adapter` that survives power cuts, unlike lowdb's own steno TextFile (which
 * renames without fsync). `write` serialises synchronously, before its first await — so
 * `Low.write()` captures exactly the data of the moment it is called — then: temp file,
 * fsync, previous good copy kept as `<file>.bak`, rename, fsync(dir). The file is
 * checksummed (see checksum.ts).
 *
 * `read` returns the main copy, or the backup when the main one is missing or damaged
 * (`lastLoad` says which, so the caller can shout about it), or null when neither exists.
 * Both damaged: a `store.corrupt` error naming the files.
 */
export class SnapshotFile<T> implements Adapter<T> {
  readonly backupPath: string;
  lastLoad: SnapshotLoad<T> | undefined;
  lastWriteBytes = 0;
  /** Whether the current main file is known good (then it may become the backup). */
  private mainGood = false;
  private readonly parse: (body: string) => T;
  private readonly stringify: (doc: T) => string;
  private readonly now: () => number;

  constructor(
    readonly path: string,
    opts: SnapshotFileOptions<T> = {},
  ) {
    this.backupPath = `${path}.bak`;
    this.parse = opts.parse ?? ((s) => JSON.parse(s) as T);
    this.stringify = opts.stringify ?? ((d) => JSON.stringify(d));
    this.now = opts.now ?? Date.now;
  }

  async read(): Promise<T | null> {
    const main = await this.readCopy(this.path);
    const backup = await this.readCopy(this.backupPath);
    this.mainGood = main.state === "ok";
    const source = main.state === "ok" ? "main" : backup.state === "ok" ? "backup" : "none";
    this.lastLoad = { main, backup, source };
    if (main.state === "ok") return main.doc;
    if (backup.state === "ok") return backup.doc;
    if (main.state === "corrupt" || backup.state === "corrupt") {
      throw corruptError(this.path, [
        `${this.path}: ${describe(main)}`,
        `${this.backupPath}: ${describe(backup)}`,
      ]);
    }
    return null;
  }

  write(doc: T): Promise<void> {
    // Serialise now (synchronously): the caller's data may change while we wait on the disk.
    const text = sealDocument(this.stringify(doc));
    this.lastWriteBytes = Buffer.byteLength(text);
    return this.writeText(text);
  }

  /** Moves both copies aside (`.corrupt-<stamp>`); for an explicit fresh start. */
  async moveAside(): Promise<string[]> {
    const moved: string[] = [];
    for (const p of [this.path, this.backupPath]) {
      const dest = await moveAside(p, this.now());
      if (dest !== undefined) moved.push(dest);
    }
    this.mainGood = false;
    return moved;
  }

  private async writeText(text: string): Promise<void> {
    const tmp = `${this.path}.tmp`;
    await writeSynced(tmp, text);
    const hadGoodMain = this.mainGood;
    if (hadGoodMain) {
      await preserveAs(this.path, this.backupPath);
    } else {
      // A damaged main file is evidence, not a backup: keep it aside for a human.
      await moveAside(this.path, this.now());
    }
    await rename(tmp, this.path);
    await fsyncDir(dirname(this.path));
    if (!hadGoodMain) {
      // No good previous copy existed: seed the backup with a real copy of this one.
      await unlinkIfExists(`${this.backupPath}.tmp`);
      await preserveAs(this.path, this.backupPath, true);
      await fsyncDir(dirname(this.path));
    }
    this.mainGood = true;
  }

  private async readCopy(path: string): Promise<CopyState<T>> {
    const text = await readIfExists(path);
    if (text === undefined) return { state: "missing" };
    const opened = openDocument(text);
    if (!opened.ok) return { state: "corrupt", reason: opened.reason };
    try {
      return { state: "ok", doc: this.parse(opened.body), bytes: text.length };
    } catch (err) {
      return { state: "corrupt", reason: `not valid: ${(err as Error).message}` };
    }
  }
}

function describe(c: CopyState<unknown>): string {
  return c.state === "corrupt" ? c.reason : c.state;
}
