import { Store } from "../store/index.js";
import {
  emptyLiveState,
  type HistoryRecord,
  normaliseLiveState,
  type SmsLiveState,
  type SmsPersistence,
} from "./state.js";
import type { OutboundMessage } from "./types.js";

export interface SmsStoreOptions {
  /** History retention (SmsOptions.historyRetentionDays). */
  historyRetentionDays?: number;
  /** Both copies of the live file damaged: refuse to start (default) or start empty. */
  onCorrupt?: "refuse" | "start-fresh";
  now?: () => number;
}

/**
 * Opens the SMS service's durable state in `dir` on the shared store (src/store): the live
 * document (`live.json` + journal) and the history log (`history/`). The one place that knows
 * which store backs the service.
 */
export async function openSmsStore(
  dir: string,
  opts: SmsStoreOptions = {},
): Promise<SmsPersistence> {
  const store = await Store.open<SmsLiveState, HistoryRecord>({
    dir,
    defaults: emptyLiveState,
    normalise: (raw) => normaliseLiveState(raw as Partial<SmsLiveState> | undefined),
    ...(opts.historyRetentionDays !== undefined
      ? { historyRetentionDays: opts.historyRetentionDays }
      : {}),
    ...(opts.onCorrupt !== undefined ? { onCorrupt: opts.onCorrupt } : {}),
    ...(opts.now !== undefined ? { now: opts.now } : {}),
  });
  return {
    get data() {
      return store.data;
    },
    update: (mutator, touched) => store.update(mutator, touched === undefined ? {} : { touched }),
    appendHistory: (records) => store.appendHistory(records),
    recentOutbound: async (limit) => {
      const entries = await store.history.query({ limit, filter: (r) => r.kind === "outbound" });
      return entries.map((e) => outboundOf(e.record)).filter((m) => m !== undefined);
    },
    queryHistory: (q) => store.history.query(q),
    pruneHistory: () => store.history.prune(),
    close: () => store.close(),
  };
}

function outboundOf(r: HistoryRecord): OutboundMessage | undefined {
  if (r.kind !== "outbound") return undefined;
  const {
    kind: _k,
    finishedAt: _f,
    origin: _o,
    deliveryReport: _d,
    history: _h,
    partStates: _p,
    ...m
  } = r;
  return m;
}
