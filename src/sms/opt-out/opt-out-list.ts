import { dirname, join } from "node:path";
import { SmsgwError } from "../../errors.js";
import { makeDir, readIfExists, replaceFile } from "../../store/fs-durable.js";
import { normaliseNumber, sameNumber } from "../numbers.js";

/** One number that asked not to get messages. */
export interface OptOutEntry {
  /** As normalised for sending (`+49170…`). */
  number: string;
  /** When it was added (ISO 8601). */
  since: string;
  /** `sms`: the number sent a stop keyword; `api`: added by hand. */
  source: "sms" | "api";
  /** The keyword it sent, upper case (source `sms`). */
  keyword?: string;
}

interface OptOutFile {
  version: 1;
  entries: OptOutEntry[];
}

/** The file in the store directory that holds the list. */
export const OPT_OUT_FILE = "opt-outs.json";

/**
 * The suppression list: numbers that replied STOP (or were added over the API). Every change
 * replaces the file durably (temp file, fsync, rename, fsync the directory) before it is
 * reported done, so a power cut leaves the old list or the new one, never half of one.
 * Without a directory it lives in memory only (tests of the service alone).
 */
export class OptOutList {
  private entries: OptOutEntry[] = [];
  private changes: Promise<unknown> = Promise.resolve();

  private constructor(private readonly path: string | undefined) {}

  static async open(dir: string | undefined): Promise<OptOutList> {
    const list = new OptOutList(dir === undefined ? undefined : join(dir, OPT_OUT_FILE));
    if (list.path !== undefined) list.entries = await readList(list.path);
    return list;
  }

  static inMemory(): OptOutList {
    return new OptOutList(undefined);
  }

  list(): OptOutEntry[] {
    return this.entries.map((e) => ({ ...e }));
  }

  /**
   * The entry of this number: the same number in another form (`0170…` for `+49170…`) counts,
   * since a message to a number that opted out must not go through on a formatting accident.
   */
  find(number: string): OptOutEntry | undefined {
    const exact = this.entries.find((e) => e.number === number);
    return exact ?? this.entries.find((e) => sameNumber(e.number, number));
  }

  /** Adds the number (durably); the existing entry when it is already there. */
  add(
    number: string,
    source: OptOutEntry["source"],
    keyword?: string,
    now = Date.now(),
  ): Promise<{ entry: OptOutEntry; added: boolean }> {
    const n = normaliseNumber(number).number;
    return this.serially(async () => {
      const existing = this.entries.find((e) => e.number === n);
      if (existing !== undefined) return { entry: { ...existing }, added: false };
      const entry: OptOutEntry = { number: n, since: new Date(now).toISOString(), source };
      if (keyword !== undefined) entry.keyword = keyword;
      await this.write([...this.entries, entry]);
      return { entry: { ...entry }, added: true };
    });
  }

  /** Removes the number and its other forms (durably); false when it was not there. */
  remove(number: string): Promise<boolean> {
    const n = normaliseNumber(number).number;
    return this.serially(async () => {
      const kept = this.entries.filter((e) => e.number !== n && !sameNumber(e.number, n));
      if (kept.length === this.entries.length) return false;
      await this.write(kept);
      return true;
    });
  }

  private serially<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.changes.then(fn, fn);
    this.changes = run.catch(() => undefined);
    return run;
  }

  /** The new list is on disk before it is the list: a change that failed changed nothing. */
  private async write(entries: OptOutEntry[]): Promise<void> {
    if (this.path !== undefined) {
      const file: OptOutFile = { version: 1, entries };
      await makeDir(dirname(this.path));
      await replaceFile(this.path, `${JSON.stringify(file, null, 2)}\n`);
    }
    this.entries = entries;
  }
}

async function readList(path: string): Promise<OptOutEntry[]> {
  const text = await readIfExists(path);
  if (text === undefined) return [];
  try {
    const parsed = JSON.parse(text) as Partial<OptOutFile>;
    if (parsed.version !== 1 || !Array.isArray(parsed.entries)) throw new Error("unknown format");
    return parsed.entries.filter(
      (e): e is OptOutEntry => typeof e?.number === "string" && typeof e.since === "string",
    );
  } catch (err) {
    // Refusing to start beats silently texting people who said STOP.
    throw new SmsgwError(
      "store.corrupt",
      `${path} is damaged (${(err as Error).message}); repair it or move it away (its numbers would get messages again)`,
    );
  }
}
