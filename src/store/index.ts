export {
  type Capacity,
  DurableFile,
  type DurableFileOptions,
  type DurableFileStats,
  type RecoveryReport,
  type UpdateOptions,
} from "./durable-file.js";
export {
  type HistoryEntry,
  type HistoryFile,
  HistoryLog,
  type HistoryOptions,
  type HistoryQuery,
} from "./history-log.js";
export type { Touch } from "./image.js";
export { type LivePaths, livePaths } from "./paths.js";
export { type CopyState, SnapshotFile, type SnapshotFileOptions } from "./snapshot-file.js";
export { Store, type StoreOptions } from "./store.js";
