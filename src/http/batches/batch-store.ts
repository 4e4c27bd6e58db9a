import { readdir } from "node:fs/promises";
import { join } from "node:path";
import { SmsgwError } from "../../errors.js";
import { makeDir, readIfExists, replaceFile } from "../../store/fs-durable.js";

/** A bulk send as kept: what was asked (its fingerprint) and the ids of its messages. */
export interface BatchRecord {
  version: 1;
  id: string;
  createdAt: string;
  priority: "low" | "normal";
  /** SHA-256 of the request as planned: the same id with another request is a conflict. */
  fingerprint: string;
  /** One per recipient, in the request's order. */
  messages: Array<{ id: string; to: string }>;
  cancelledAt?: string;
}

/** A batch id: it names a file and prefixes message ids, so a small alphabet. */
export const BATCH_ID = /^[A-Za-z0-9_-]{1,64}$/;

/**
 * Batches in `<store.dir>/batches/<id>.json`, each written durably (temp file, fsync, rename)
 * before its messages are queued, so an accepted batch is never forgotten by a restart.
 */
export class BatchStore {
  private readonly dir: string;

  constructor(storeDir: string) {
    this.dir = join(storeDir, "batches");
  }

  async get(id: string): Promise<BatchRecord | undefined> {
    if (!BATCH_ID.test(id)) return undefined;
    const text = await readIfExists(this.pathOf(id));
    if (text === undefined) return undefined;
    try {
      const b = JSON.parse(text) as BatchRecord;
      if (b.version !== 1 || !Array.isArray(b.messages)) throw new Error("unknown format");
      return b;
    } catch (err) {
      throw new SmsgwError("store.corrupt", `batch ${id} is damaged: ${(err as Error).message}`);
    }
  }

  async put(b: BatchRecord): Promise<void> {
    await makeDir(this.dir);
    await replaceFile(this.pathOf(b.id), `${JSON.stringify(b)}\n`);
  }

  /** How many batches are kept (tests, housekeeping). */
  async count(): Promise<number> {
    try {
      return (await readdir(this.dir)).filter((f) => f.endsWith(".json")).length;
    } catch {
      return 0;
    }
  }

  private pathOf(id: string): string {
    return join(this.dir, `${id}.json`);
  }
}
