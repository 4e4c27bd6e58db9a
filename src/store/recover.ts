import type { Low } from "lowdb";
import { isSmsgwError } from "../errors.js";
import { moveAside } from "./fs-durable.js";
import { applyOps, type Doc } from "./image.js";
import { type JournalRecord, readJournal } from "./journal.js";
import type { LivePaths } from "./paths.js";
import type { SnapshotFile } from "./snapshot-file.js";
import { corruptError } from "./store-errors.js";

/** The snapshot document as lowdb holds it. */
export interface SnapshotDoc {
  format: "smsgw-live/1";
  /** Number of the last journal record this snapshot includes. */
  seq: number;
  savedAt: string;
  data: Doc;
}

/** What went wrong at start-up and what was done about it (surfaced as `recovered`). */
export interface RecoveryReport {
  file: string;
  kind: "backup" | "journal" | "fresh-start";
  message: string;
  movedAside?: string[];
}

export interface Loaded {
  /** The document as it is on disk (journal applied). */
  doc: Doc | undefined;
  seq: number;
  reports: RecoveryReport[];
  /** Notes that lose nothing (a torn last record that was never acknowledged). */
  notes: string[];
  /** Write a fresh snapshot now (journal to fold in, a backup was used, first run). */
  mustSnapshot: boolean;
}

/**
 * Start-up: the snapshot (main, else the backup copy — loudly), then every journal record
 * after it, in order, stopping at a gap or a damaged record. Both copies damaged (or the
 * snapshots gone while journal records exist): `store.corrupt`, unless `startFresh`.
 */
export async function loadLive(
  low: Low<SnapshotDoc>,
  adapter: SnapshotFile<SnapshotDoc>,
  paths: LivePaths,
  opts: { startFresh: boolean; now: () => number },
): Promise<Loaded> {
  const out: Loaded = { doc: undefined, seq: 0, reports: [], notes: [], mustSnapshot: false };
  let corrupt: unknown;
  try {
    await low.read();
  } catch (err) {
    if (!isSmsgwError(err, "store.corrupt")) throw err;
    corrupt = err;
  }
  const load = adapter.lastLoad;
  const journal = await readJournal(paths.journal);
  if (corrupt === undefined && load?.source === "none" && journal.records.length > 0) {
    corrupt = corruptError(paths.snapshot, [
      `${paths.snapshot} and ${paths.backup} are missing but ${paths.journal} holds records`,
    ]);
  }
  if (corrupt !== undefined) {
    if (!opts.startFresh) throw corrupt;
    const moved = await adapter.moveAside();
    for (const p of [paths.journal, paths.prevJournal]) {
      const dest = await moveAside(p, opts.now());
      if (dest !== undefined) moved.push(dest);
    }
    out.reports.push({
      file: paths.snapshot,
      kind: "fresh-start",
      message: `${(corrupt as Error).message}; started empty as asked, damaged files moved aside`,
      movedAside: moved,
    });
    out.mustSnapshot = true;
    return out;
  }
  if (load === undefined || load.source === "none") {
    out.mustSnapshot = true; // first run: the snapshot exists before any journal record
    return out;
  }

  const base = load.source === "main" ? load.main : load.backup;
  if (base.state !== "ok") throw new Error("unreachable: chosen copy is not ok");
  out.doc = base.doc.data;
  out.seq = base.doc.seq;
  let records: JournalRecord[] = journal.records;
  if (load.source === "backup") {
    const main = load.main;
    out.reports.push({
      file: paths.snapshot,
      kind: "backup",
      message: `${paths.snapshot} is ${main.state === "corrupt" ? main.reason : "missing"}; recovered from ${paths.backup} (saved ${base.doc.savedAt}) and the journal`,
    });
    const prev = await readJournal(paths.prevJournal);
    records = prev.records.concat(journal.records);
  } else if (load.backup.state === "corrupt") {
    out.notes.push(
      `${paths.backup} is damaged (${load.backup.reason}); it is replaced at the next snapshot`,
    );
  }

  let applied = 0;
  for (const rec of records) {
    if (rec.n <= out.seq) continue; // already in the snapshot
    if (rec.n !== out.seq + 1) {
      out.reports.push({
        file: paths.journal,
        kind: "journal",
        message: `journal records ${out.seq + 1}..${rec.n - 1} are missing; later records were not applied`,
      });
      break;
    }
    try {
      applyOps(out.doc, rec.o);
    } catch (err) {
      out.reports.push({
        file: paths.journal,
        kind: "journal",
        message: `journal record ${rec.n} does not apply (${(err as Error).message}); it and later records were not applied`,
      });
      break;
    }
    out.seq = rec.n;
    applied++;
  }
  if (journal.damage !== undefined) {
    const d = journal.damage;
    if (d.linesAfter > 0) {
      out.reports.push({
        file: paths.journal,
        kind: "journal",
        message: `${paths.journal} line ${d.line}: ${d.reason}; ${d.linesAfter} later line(s) dropped`,
      });
    } else {
      // A record cut short by the crash: its write never completed, so nobody was told it was durable.
      out.notes.push(
        `${paths.journal} line ${d.line}: ${d.reason} (write interrupted by the crash; ignored)`,
      );
    }
  }
  out.mustSnapshot = load.source !== "main" || applied > 0 || journal.totalBytes > 0;
  return out;
}
