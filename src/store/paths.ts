/** The files behind one live document `<path>` (e.g. `live.json`). */
export interface LivePaths {
  /** Snapshot (lowdb document, checksummed). */
  snapshot: string;
  /** Previous good snapshot. */
  backup: string;
  /** Write-ahead journal since the snapshot. */
  journal: string;
  /** Journal since the backup snapshot (rebuilds the snapshot from the backup). */
  prevJournal: string;
}

export function livePaths(path: string): LivePaths {
  return {
    snapshot: path,
    backup: `${path}.bak`,
    journal: `${path}.journal`,
    prevJournal: `${path}.journal.prev`,
  };
}
