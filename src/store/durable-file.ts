import { dirname, resolve } from "node:path";
import { Low } from "lowdb";
import type { ErrorCode } from "../errors.js";
import { createLogger } from "../log.js";
import { fsyncDir, makeDir, removeStaleTemps } from "./fs-durable.js";
import { GroupCommit } from "./group-commit.js";
import { type Doc, Image, type Touch, Touches } from "./image.js";
import { encodeRecord, JournalWriter } from "./journal.js";
import { type LivePaths, livePaths } from "./paths.js";
import { loadLive, type RecoveryReport, type SnapshotDoc } from "./recover.js";
import { SnapshotFile } from "./snapshot-file.js";
import { closedError, fullError, lockedError, unnamedChangeError } from "./store-errors.js";

const log = createLogger("store");

export type { RecoveryReport };

export interface Capacity<T> {
  /** Most entries the live document may hold. */
  limit: number;
  /** How many it holds now (e.g. outbox + inbox + partials). */
  count: (data: T) => number;
  /** Error code when full; default `store.full` (the SMS service may use `sms.queue-full`). */
  code?: ErrorCode;
}

export interface DurableFileOptions<T> {
  /** Repairs/upgrades what was on disk (missing fields, older versions). */
  normalise?: (raw: unknown) => T;
  capacity?: Capacity<T>;
  /** Both copies damaged: refuse to start (default), or move the bad files aside and start empty. */
  onCorrupt?: "refuse" | "start-fresh";
  /** Snapshot when the journal reaches max(compactMinBytes, compactRatio × snapshot size). */
  compactMinBytes?: number;
  compactRatio?: number;
  now?: () => number;
  /**
   * After a write diffed only what its callers named (`touched`), diff the whole document too
   * and fail the write if that finds more: a caller that forgets to name a change fails its
   * tests instead of losing the change in the field. Default: on when the environment has
   * SMSGW_STORE_VERIFY_TOUCHES=1 (the test setup sets it).
   */
  verifyTouches?: boolean;
}

export interface UpdateOptions {
  /** Refuse first (nothing changed) when the capacity cannot take this many more entries. */
  adds?: number;
  /**
   * Everything the mutator changed, besides top-level plain values: whole keys (`[key]`) or
   * collection entries (`[key, entry]`, also for one it deleted). Only these are compared
   * with the last written image; without it the whole document is. Use it on hot paths only,
   * where the change is known exactly.
   */
  touched?: Iterable<Touch>;
}

export interface DurableFileStats {
  /** Durable writes done (journal appends and snapshots); `updates` were coalesced into them. */
  writes: number;
  updates: number;
  journalAppends: number;
  snapshots: number;
  journalBytes: number;
  snapshotBytes: number;
  /** Bytes handed to the filesystem so far (journal + snapshots). */
  bytesWritten: number;
}

const openPaths = new Set<string>();

/**
 * A JSON document that never loses an acknowledged change.
 *
 * Design: lowdb rewrites its whole file per write — 18 GB for 10,000
 * pushes — so a write here is one journal record holding only what changed (see image.ts),
 * appended and fdatasync'd; writes made together are coalesced (group-commit.ts). When the
 * journal has grown as large as the snapshot, the whole document is written once through
 * lowdb (`Low` + our crash-safe SnapshotFile adapter) and the journal starts over. Bytes per
 * change therefore stay ≈ 2 × the changed record, independent of queue depth.
 *
 * `data` is the live document; mutate it inside `update()` (or mutate records you hold and
 * call `update(() => {})`): the promise resolves once the change is on disk.
 */
export class DurableFile<T extends object> {
  private readonly commit = new GroupCommit(() => this.writeBatch());
  private closed = false;
  private compactDue = false;
  /** A write failed: the journal may end in a torn record, so the next write is a snapshot. */
  private broken = false;
  private journalAppends = 0;
  private snapshots = 0;
  private bytesWritten = 0;
  /** What the updates since the last diff named; "all" when one of them did not say. */
  private touches: Touches | "all" = "all";
  private readonly verifyTouches: boolean;

  private constructor(
    readonly path: string,
    private readonly paths: LivePaths,
    private readonly low: Low<SnapshotDoc>,
    private readonly adapter: SnapshotFile<SnapshotDoc>,
    private journal: JournalWriter,
    private image: Image,
    private current: T,
    private seq: number,
    readonly recovery: readonly RecoveryReport[],
    private readonly opts: DurableFileOptions<T>,
  ) {
    this.verifyTouches = opts.verifyTouches ?? process.env.SMSGW_STORE_VERIFY_TOUCHES === "1";
  }

  static async open<T extends object>(
    path: string,
    defaults: T | (() => T),
    opts: DurableFileOptions<T> = {},
  ): Promise<DurableFile<T>> {
    const abs = resolve(path);
    if (openPaths.has(abs)) throw lockedError(abs);
    openPaths.add(abs);
    try {
      return await DurableFile.load(abs, defaults, opts);
    } catch (err) {
      openPaths.delete(abs);
      throw err;
    }
  }

  private static async load<T extends object>(
    path: string,
    defaults: T | (() => T),
    opts: DurableFileOptions<T>,
  ): Promise<DurableFile<T>> {
    const now = opts.now ?? Date.now;
    // A directory made now must itself survive a power cut: its entry lives in the parent.
    const made = await makeDir(dirname(path));
    if (made !== undefined) await fsyncDir(dirname(made));
    const stale = await removeStaleTemps(path);
    if (stale.length > 0)
      log.info({ files: stale }, "removed temp files left by an interrupted write");
    const paths = livePaths(path);
    const adapter = new SnapshotFile<SnapshotDoc>(path, { parse: parseSnapshot, now });
    const low = new Low<SnapshotDoc>(adapter, {
      format: "smsgw-live/1",
      seq: 0,
      savedAt: "",
      data: {},
    });
    const loaded = await loadLive(low, adapter, paths, {
      startFresh: opts.onCorrupt === "start-fresh",
      now,
    });
    for (const note of loaded.notes) log.warn({ file: path }, note);
    for (const r of loaded.reports)
      log.error({ file: r.file, kind: r.kind }, `STORE RECOVERY: ${r.message}`);
    // The image mirrors the disk; normalising afterwards makes its changes part of the next write.
    const image = loaded.doc === undefined ? new Image() : Image.of(loaded.doc);
    const fresh = typeof defaults === "function" ? (defaults as () => T)() : defaults;
    const raw = loaded.doc ?? fresh;
    const data = opts.normalise !== undefined ? opts.normalise(raw) : (raw as T);
    const journal = await JournalWriter.open(paths.journal);
    const file = new DurableFile<T>(
      path,
      paths,
      low,
      adapter,
      journal,
      image,
      data,
      loaded.seq,
      loaded.reports,
      opts,
    );
    if (loaded.mustSnapshot) {
      try {
        await file.compact();
      } catch (err) {
        await file.close();
        throw err;
      }
    }
    return file;
  }

  get data(): T {
    return this.current;
  }

  /** Whether start-up had to repair anything (the service should surface `recovery`). */
  get recovered(): boolean {
    return this.recovery.length > 0;
  }

  /**
   * Runs `mutator` on the document now and resolves once the change is durable. With
   * `adds`, refuses first (nothing changed) when the capacity cannot take that many more;
   * with `touched`, only the named entries are compared when writing.
   */
  update(mutator: (data: T) => void, opts: UpdateOptions = {}): Promise<void> {
    if (this.closed) return Promise.reject(closedError(this.path));
    const cap = this.opts.capacity;
    if (cap !== undefined && opts.adds !== undefined && opts.adds > 0) {
      const used = cap.count(this.current);
      if (used + opts.adds > cap.limit) {
        return Promise.reject(
          fullError(cap.code ?? "store.full", this.path, used, cap.limit, opts.adds),
        );
      }
    }
    try {
      mutator(this.current);
    } catch (err) {
      // It may have changed part of the document before throwing: compare everything.
      this.touches = "all";
      return Promise.reject(err);
    }
    if (opts.touched === undefined) this.touches = "all";
    else if (this.touches !== "all") this.touches.add(opts.touched);
    return this.commit.request();
  }

  /** Free places under the capacity (Infinity without one). */
  room(): number {
    const cap = this.opts.capacity;
    return cap === undefined
      ? Number.POSITIVE_INFINITY
      : Math.max(0, cap.limit - cap.count(this.current));
  }

  /** Writes a full snapshot now and starts a new journal. */
  compact(): Promise<void> {
    if (this.closed) return Promise.reject(closedError(this.path));
    this.compactDue = true;
    return this.commit.request();
  }

  get stats(): DurableFileStats {
    return {
      writes: this.journalAppends + this.snapshots,
      updates: this.commit.requests,
      journalAppends: this.journalAppends,
      snapshots: this.snapshots,
      journalBytes: this.journal.size,
      snapshotBytes: this.adapter.lastWriteBytes,
      bytesWritten: this.bytesWritten,
    };
  }

  /** Waits for writes in flight, then closes. Later updates fail with `store.closed`. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.commit.idle();
    await this.journal.close();
    openPaths.delete(this.path);
  }

  private threshold(): number {
    const size = Math.max(this.adapter.lastWriteBytes, this.image.bytes);
    return Math.max(this.opts.compactMinBytes ?? 1 << 20, (this.opts.compactRatio ?? 1) * size);
  }

  /** One coalesced write. Everything before the first await captures the document as of now. */
  private async writeBatch(): Promise<void> {
    // A snapshot (and the write after a failed one) compares the whole document: a safety
    // net, should a caller ever have changed something it did not name.
    const touches = this.compactDue || this.broken ? "all" : this.touches;
    this.touches = new Touches();
    let record: string | undefined;
    try {
      const doc = this.current as Doc;
      const ops = touches === "all" ? this.image.diff(doc) : this.image.diff(doc, touches);
      if (this.verifyTouches && touches !== "all") {
        const missed = this.image.diff(doc);
        if (missed.length > 0) throw unnamedChangeError(this.path, missed);
      }
      if (ops.length > 0) record = encodeRecord(++this.seq, ops);
      if (!this.compactDue && !this.broken) {
        if (record === undefined) return;
        await this.journal.append(record);
        this.journalAppends++;
        this.bytesWritten += Buffer.byteLength(record);
        if (this.journal.size >= this.threshold()) {
          this.compactDue = true;
          void this.commit.request(); // in the background: callers of this batch are done
        }
        return;
      }
      this.compactDue = false;
      this.low.data = {
        format: "smsgw-live/1",
        seq: this.seq,
        savedAt: new Date((this.opts.now ?? Date.now)()).toISOString(),
        data: this.current as Doc,
      };
      const snapshot = this.low.write(); // serialises synchronously (SnapshotFile.write)
      // The record also goes to the journal, which becomes `.prev`: backup + prev journal then
      // rebuild this snapshot exactly, should it ever be damaged.
      const appended =
        record !== undefined && !this.broken ? this.journal.append(record) : Promise.resolve();
      await Promise.all([snapshot, appended]);
      await this.journal.rotate(this.paths.prevJournal);
      this.snapshots++;
      this.bytesWritten +=
        this.adapter.lastWriteBytes + (record === undefined ? 0 : Buffer.byteLength(record));
      this.broken = false;
    } catch (err) {
      this.broken = true;
      log.error(
        { err, file: this.path },
        "durable write failed; the next write rewrites the snapshot",
      );
      throw err;
    }
  }
}

function parseSnapshot(body: string): SnapshotDoc {
  const v = JSON.parse(body) as Partial<SnapshotDoc> | null;
  if (v === null || typeof v !== "object" || Array.isArray(v)) throw new Error("not an object");
  if (v.format === undefined) {
    // A plain JSON document (hand-made, or an older lowdb file): take it as the data.
    return { format: "smsgw-live/1", seq: 0, savedAt: "", data: v as Doc };
  }
  if (v.format !== "smsgw-live/1") throw new Error(`unknown format ${String(v.format)}`);
  if (
    typeof v.seq !== "number" ||
    typeof v.data !== "object" ||
    v.data === null ||
    Array.isArray(v.data)
  )
    throw new Error("snapshot lacks seq or data");
  return { format: v.format, seq: v.seq, savedAt: String(v.savedAt ?? ""), data: v.data };
}
