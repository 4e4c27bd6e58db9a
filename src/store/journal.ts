import { type FileHandle, open, rename, stat } from "node:fs/promises";
import { dirname } from "node:path";
import { openLine, sealLine } from "./checksum.js";
import { FILE_MODE, fsyncDir, isErrno, readIfExists } from "./fs-durable.js";

/**
 * Write-ahead journal of a live document: one checksummed JSON line per durable write,
 * `{"n":<record number>,"o":[ops]}`, appended and fdatasync'd. An enqueue therefore writes
 * about one record, whatever the queue depth; the snapshot is rewritten only when the
 * journal has grown as large as it (see durable-file.ts).
 */

export interface JournalRecord {
  n: number;
  o: unknown[];
}

export interface JournalRead {
  records: JournalRecord[];
  /** Bytes of intact records from the start. */
  goodBytes: number;
  totalBytes: number;
  /** A damaged or torn line stopped the read here. */
  damage?: { line: number; reason: string; linesAfter: number };
}

export function encodeRecord(n: number, ops: string[]): string {
  return sealLine(`{"n":${n},"o":[${ops.join(",")}]}`);
}

/** Reads every intact record up to the first damaged line (a torn tail after a crash). */
export async function readJournal(path: string): Promise<JournalRead> {
  const text = await readIfExists(path);
  const out: JournalRead = { records: [], goodBytes: 0, totalBytes: 0 };
  if (text === undefined || text.length === 0) return out;
  out.totalBytes = Buffer.byteLength(text);
  const lines = text.split("\n");
  const complete = text.endsWith("\n") ? lines.length - 1 : lines.length;
  for (let i = 0; i < complete; i++) {
    const line = lines[i] as string;
    const torn = i === lines.length - 1; // no newline: the write was cut short
    const json = torn ? undefined : openLine(line);
    const record = json === undefined ? undefined : parseRecord(json);
    if (record === undefined) {
      out.damage = {
        line: i + 1,
        reason: torn ? "last line is incomplete" : "checksum or format mismatch",
        linesAfter: complete - i - 1,
      };
      break;
    }
    out.records.push(record);
    out.goodBytes += Buffer.byteLength(line) + 1;
  }
  return out;
}

function parseRecord(json: string): JournalRecord | undefined {
  try {
    const r = JSON.parse(json) as Partial<JournalRecord>;
    if (typeof r.n === "number" && Array.isArray(r.o)) return { n: r.n, o: r.o };
  } catch {
    // damaged despite a matching CRC: treated as the end of the journal
  }
  return undefined;
}

/** The open journal file (append only). */
export class JournalWriter {
  private constructor(
    readonly path: string,
    private fh: FileHandle,
    public size: number,
  ) {}

  static async open(path: string): Promise<JournalWriter> {
    const existed = await stat(path).then(
      () => true,
      () => false,
    );
    const fh = await open(path, "a", FILE_MODE);
    const { size } = await fh.stat();
    if (!existed) await fsyncDir(dirname(path));
    return new JournalWriter(path, fh, size);
  }

  /** Appends and fdatasyncs: once resolved, the record survives a power cut. */
  async append(text: string): Promise<void> {
    const buf = Buffer.from(text, "utf8");
    let off = 0;
    while (off < buf.length) {
      const { bytesWritten } = await this.fh.write(buf, off, buf.length - off);
      off += bytesWritten;
    }
    await this.fh.datasync();
    this.size += buf.length;
  }

  /**
   * After a snapshot: the journal becomes `<journal>.prev` (it still rebuilds the snapshot
   * from the backup copy if the new snapshot is ever damaged) and a new empty one starts.
   */
  async rotate(prevPath: string): Promise<void> {
    await this.fh.close();
    try {
      await rename(this.path, prevPath);
    } catch (err) {
      if (!isErrno(err, "ENOENT")) throw err;
    } finally {
      // Reopened even when the rename failed, so the writer stays usable.
      this.fh = await open(this.path, "a", FILE_MODE);
      this.size = (await this.fh.stat()).size;
    }
    await fsyncDir(dirname(this.path));
  }

  async close(): Promise<void> {
    await this.fh.close();
  }
}
