import { type FileHandle, open, readdir, readFile, stat } from "node:fs/promises";
import { dirname, join } from "node:path";
import { createLogger } from "../log.js";
import { FILE_MODE, fileStamp, fsyncDir, makeDir, unlinkIfExists } from "./fs-durable.js";
import { GroupCommit } from "./group-commit.js";
import { closedError } from "./store-errors.js";

const log = createLogger("store:history");
const DAY_MS = 86_400_000;

export interface HistoryOptions {
  dir: string;
  /** Files whose records are all older than this are deleted (default 30 days). */
  retentionDays?: number;
  /** Start a new file beyond this size (default 4 MiB) … */
  maxFileBytes?: number;
  /** … or this age (default one day), so retention can drop whole files. */
  maxFileAgeMs?: number;
  /** Keep at most this many files (default 400). */
  maxFiles?: number;
  now?: () => number;
}

export interface HistoryEntry<R> {
  /** Epoch ms of the append. */
  at: number;
  record: R;
}

export interface HistoryQuery<R> {
  /** Most entries returned (default 100), newest first. */
  limit?: number;
  since?: number | Date;
  until?: number | Date;
  filter?: (record: R) => boolean;
}

export interface HistoryFile {
  path: string;
  /** When its first record was written (from the name). */
  startedAt: number;
}

const NAME = /^history-(\d{8}T\d{6}\.\d{3}Z)(?:-(\d+))?\.jsonl$/;

/**
 * Append-only log of finished messages (JSON lines `{"at":ms,"r":record}`), so the live
 * document stays small. Appends are coalesced and fdatasync'd; files are named by the time
 * they were started (`history-20250131T120000.000Z.jsonl`), a new one begins past a size or
 * age, and retention deletes whole files — never rewriting anything, so history size costs
 * no write bytes.
 */
export class HistoryLog<R = unknown> {
  private readonly commit = new GroupCommit(() => this.writeBatch());
  private pending: string[] = [];
  private fh: FileHandle | undefined;
  private current: HistoryFile | undefined;
  private size = 0;
  private closed = false;
  private readonly now: () => number;

  private constructor(private readonly opts: HistoryOptions) {
    this.now = opts.now ?? Date.now;
  }

  static async open<R>(opts: HistoryOptions): Promise<HistoryLog<R>> {
    // A directory made now must itself survive a power cut: its entry lives in the parent.
    if ((await makeDir(opts.dir)) !== undefined) await fsyncDir(dirname(opts.dir));
    const h = new HistoryLog<R>(opts);
    const files = await h.files();
    const last = files.at(-1);
    if (last !== undefined) {
      h.current = last;
      h.fh = await open(last.path, "a");
      h.size = (await h.fh.stat()).size;
      // A line torn by a crash must not swallow the next record: end it.
      if (h.size > 0 && !(await endsWithNewline(last.path, h.size))) {
        await h.fh.write("\n");
        await h.fh.datasync();
        h.size++;
        log.warn({ file: last.path }, "history ended in an incomplete line (crash); it is skipped");
      }
    }
    await h.prune();
    return h;
  }

  /** Appends records; resolves when they are durable. */
  append(records: R | readonly R[]): Promise<void> {
    if (this.closed) return Promise.reject(closedError(this.opts.dir));
    const at = this.now();
    const list = Array.isArray(records) ? (records as readonly R[]) : [records as R];
    for (const r of list) this.pending.push(`{"at":${at},"r":${JSON.stringify(r)}}\n`);
    return this.commit.request();
  }

  /** Newest first, reading files backwards until `limit` entries or `since` is passed. */
  async query(q: HistoryQuery<R> = {}): Promise<HistoryEntry<R>[]> {
    const limit = q.limit ?? 100;
    const since = q.since === undefined ? Number.NEGATIVE_INFINITY : Number(q.since);
    const until = q.until === undefined ? Number.POSITIVE_INFINITY : Number(q.until);
    const out: HistoryEntry<R>[] = [];
    const files = await this.files();
    for (let i = files.length - 1; i >= 0 && out.length < limit; i--) {
      const file = files[i] as HistoryFile;
      const next = files[i + 1];
      if (next !== undefined && next.startedAt < since) break;
      if (file.startedAt > until) continue;
      const lines = (await readFile(file.path, "utf8")).split("\n");
      for (let j = lines.length - 1; j >= 0 && out.length < limit; j--) {
        const e = parseEntry<R>(lines[j] as string);
        if (e === undefined || e.at < since || e.at > until) continue;
        if (q.filter !== undefined && !q.filter(e.record)) continue;
        out.push(e);
      }
    }
    return out;
  }

  /** The newest entry whose record matches. */
  async find(match: (record: R) => boolean): Promise<HistoryEntry<R> | undefined> {
    return (await this.query({ limit: 1, filter: match }))[0];
  }

  /** The files, oldest first. */
  async files(): Promise<HistoryFile[]> {
    const out: HistoryFile[] = [];
    for (const name of await readdir(this.opts.dir)) {
      const m = NAME.exec(name);
      if (m === null) continue;
      const iso = (m[1] as string).replace(
        /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})/,
        "$1-$2-$3T$4:$5:$6",
      );
      out.push({ path: join(this.opts.dir, name), startedAt: Date.parse(iso) });
    }
    return out.sort((a, b) => a.startedAt - b.startedAt || a.path.localeCompare(b.path));
  }

  /**
   * Deletes files past retention (a file's records all predate the start of the next one)
   * and beyond `maxFiles`. The file being written is kept. Returns the deleted paths.
   */
  async prune(): Promise<string[]> {
    const files = await this.files();
    const cutoff = this.now() - (this.opts.retentionDays ?? 30) * DAY_MS;
    const maxFiles = Math.max(1, this.opts.maxFiles ?? 400);
    const deleted: string[] = [];
    for (let i = 0; i < files.length - 1; i++) {
      const file = files[i] as HistoryFile;
      const endedAt = (files[i + 1] as HistoryFile).startedAt;
      if (endedAt <= cutoff || files.length - i > maxFiles) {
        if (await unlinkIfExists(file.path)) deleted.push(file.path);
      }
    }
    if (deleted.length > 0) {
      await fsyncDir(this.opts.dir);
      log.info({ files: deleted.length }, "history files past retention deleted");
    }
    return deleted;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.commit.idle();
    await this.fh?.close();
    this.fh = undefined;
  }

  private async writeBatch(): Promise<void> {
    const text = this.pending.join("");
    this.pending = [];
    if (text.length === 0) return;
    const now = this.now();
    const cur = this.current;
    if (
      this.fh === undefined ||
      cur === undefined ||
      this.size >= (this.opts.maxFileBytes ?? 4 << 20) ||
      now - cur.startedAt >= (this.opts.maxFileAgeMs ?? DAY_MS)
    ) {
      await this.startFile(now);
    }
    const buf = Buffer.from(text, "utf8");
    const fh = this.fh as FileHandle;
    let off = 0;
    while (off < buf.length) off += (await fh.write(buf, off, buf.length - off)).bytesWritten;
    await fh.datasync();
    this.size += buf.length;
  }

  private async startFile(now: number): Promise<void> {
    await this.fh?.close();
    this.fh = undefined;
    const stamp = fileStamp(now);
    let path = join(this.opts.dir, `history-${stamp}.jsonl`);
    for (let n = 1; await exists(path); n++)
      path = join(this.opts.dir, `history-${stamp}-${n}.jsonl`);
    this.fh = await open(path, "a", FILE_MODE);
    this.current = { path, startedAt: now };
    this.size = 0;
    await fsyncDir(this.opts.dir);
    await this.prune();
  }
}

function parseEntry<R>(line: string): HistoryEntry<R> | undefined {
  if (line.length === 0) return undefined;
  try {
    const v = JSON.parse(line) as { at?: unknown; r?: unknown };
    if (typeof v.at === "number" && "r" in v) return { at: v.at, record: v.r as R };
  } catch {
    // a line torn by a crash: skipped
  }
  return undefined;
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}

async function endsWithNewline(path: string, size: number): Promise<boolean> {
  const fh = await open(path, "r");
  try {
    const buf = Buffer.alloc(1);
    await fh.read(buf, 0, 1, size - 1);
    return buf[0] === 0x0a;
  } finally {
    await fh.close();
  }
}
