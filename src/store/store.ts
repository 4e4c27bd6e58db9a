import { join } from "node:path";
import { errorMessage } from "../errors.js";
import { createLogger } from "../log.js";
import {
  type Capacity,
  DurableFile,
  type DurableFileOptions,
  type RecoveryReport,
  type UpdateOptions,
} from "./durable-file.js";
import { isErrno, makeDir, restrictModes } from "./fs-durable.js";
import { HistoryLog, type HistoryOptions } from "./history-log.js";

const log = createLogger("store");

export interface StoreOptions<T> {
  /** Directory of the store (`store.dir` in config): `live.json*` and `history/`. */
  dir: string;
  /** The live document when none exists yet. */
  defaults: T | (() => T);
  normalise?: (raw: unknown) => T;
  /** Bound on the live set; a full queue refuses new work (`store.full` or `capacity.code`). */
  capacity?: Capacity<T>;
  /** History retention in days (default 30). */
  historyRetentionDays?: number;
  history?: Omit<HistoryOptions, "dir" | "now" | "retentionDays">;
  /** Both copies of the live file damaged: refuse (default) or start empty, moving them aside. */
  onCorrupt?: "refuse" | "start-fresh";
  compactMinBytes?: number;
  compactRatio?: number;
  now?: () => number;
}

/**
 * The store's directory 0700 and its files 0600, also when an older version (or a loose umask)
 * made them readable to others. A directory the process does not own is only warned about.
 */
async function restrictModesOf(dir: string): Promise<void> {
  const changed: string[] = [];
  for (const d of [dir, join(dir, "history")]) {
    try {
      changed.push(...(await restrictModes(d)));
    } catch (err) {
      if (isErrno(err, "ENOENT")) continue;
      log.warn({ dir: d, err: errorMessage(err) }, "could not make the store private to its owner");
    }
  }
  if (changed.length > 0) log.info({ paths: changed }, "made store files private to their owner");
}

/**
 * The gateway's durable local store: a bounded live document (pending outbox, inbox not yet
 * handed on, partial multiparts, recent references, counters) plus the append-only history
 * of finished messages. Every mutation resolves once it is on disk.
 *
 * Shaped so the SMS service can use it directly as its persistence (`data`, `update`,
 * `appendHistory`, `close`).
 */
export class Store<T extends object, H = unknown> {
  private constructor(
    readonly live: DurableFile<T>,
    readonly history: HistoryLog<H>,
  ) {}

  static async open<T extends object, H = unknown>(opts: StoreOptions<T>): Promise<Store<T, H>> {
    const liveOpts: DurableFileOptions<T> = {};
    if (opts.normalise !== undefined) liveOpts.normalise = opts.normalise;
    if (opts.capacity !== undefined) liveOpts.capacity = opts.capacity;
    if (opts.onCorrupt !== undefined) liveOpts.onCorrupt = opts.onCorrupt;
    if (opts.compactMinBytes !== undefined) liveOpts.compactMinBytes = opts.compactMinBytes;
    if (opts.compactRatio !== undefined) liveOpts.compactRatio = opts.compactRatio;
    if (opts.now !== undefined) liveOpts.now = opts.now;
    await makeDir(opts.dir);
    await restrictModesOf(opts.dir);
    const live = await DurableFile.open(join(opts.dir, "live.json"), opts.defaults, liveOpts);
    try {
      const history = await HistoryLog.open<H>({
        ...opts.history,
        dir: join(opts.dir, "history"),
        ...(opts.historyRetentionDays !== undefined
          ? { retentionDays: opts.historyRetentionDays }
          : {}),
        ...(opts.now !== undefined ? { now: opts.now } : {}),
      });
      return new Store(live, history);
    } catch (err) {
      await live.close();
      throw err;
    }
  }

  get data(): T {
    return this.live.data;
  }

  /** True when start-up repaired something; `recovery` says what (log it, publish it). */
  get recovered(): boolean {
    return this.live.recovered;
  }

  get recovery(): readonly RecoveryReport[] {
    return this.live.recovery;
  }

  update(mutator: (data: T) => void, opts?: UpdateOptions): Promise<void> {
    return this.live.update(mutator, opts);
  }

  room(): number {
    return this.live.room();
  }

  appendHistory(records: H | readonly H[]): Promise<void> {
    return this.history.append(records);
  }

  async close(): Promise<void> {
    await Promise.all([this.live.close(), this.history.close()]);
  }
}
