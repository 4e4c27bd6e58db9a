import type { HistoryRecord, SmsPersistence } from "./state.js";
import type {
  HistoryPage,
  InboundMessage,
  OutboundDetail,
  OutboundMessage,
  SendOrigin,
} from "./types.js";

/**
 * Pages of the history log as the doors show them: finished outbound messages with who asked
 * for them, and received messages already handed on. Newest first; an empty list when the
 * store keeps no history.
 */

export async function finishedOutbound(
  store: SmsPersistence,
  q: HistoryPage<OutboundMessage & { origin: SendOrigin }>,
): Promise<Array<{ at: number; message: OutboundMessage; origin: SendOrigin }>> {
  if (store.queryHistory === undefined) return [];
  const filter = q.filter;
  const entries = await store.queryHistory({
    ...q,
    filter: (r) => r.kind === "outbound" && (filter === undefined || filter(outboundView(r))),
  });
  return entries.flatMap((e) => {
    if (e.record.kind !== "outbound") return [];
    const { origin, ...message } = outboundView(e.record);
    return [{ at: e.at, message, origin }];
  });
}

export async function receivedHistory(
  store: SmsPersistence,
  q: HistoryPage<InboundMessage>,
): Promise<Array<{ at: number; message: InboundMessage }>> {
  if (store.queryHistory === undefined) return [];
  const filter = q.filter;
  const entries = await store.queryHistory({
    ...q,
    filter: (r) => r.kind === "inbound" && (filter === undefined || filter(inboundView(r))),
  });
  return entries.flatMap((e) =>
    e.record.kind === "inbound" ? [{ at: e.at, message: inboundView(e.record) }] : [],
  );
}

/**
 * A finished message with its story, from the newest history line of that id. Lines written
 * before the story was kept give the two points they know (made, finished).
 */
export async function finishedDetail(
  store: SmsPersistence,
  id: string,
): Promise<OutboundDetail | undefined> {
  if (store.queryHistory === undefined) return undefined;
  const [e] = await store.queryHistory({
    limit: 1,
    filter: (r) => r.kind === "outbound" && r.id === id,
  });
  if (e === undefined || e.record.kind !== "outbound") return undefined;
  const r = e.record;
  const { kind: _k, finishedAt: _f, origin, deliveryReport, history, partStates, ...m } = r;
  const last = { status: m.status, at: m.updatedAt, ...(m.error ? { error: m.error } : {}) };
  return {
    ...m,
    deliveryReport: deliveryReport ?? false,
    origin: origin ?? "local",
    history: history ?? [{ status: "queued", at: m.createdAt }, last],
    partStates: partStates ?? [],
  };
}

/** Messages sent before the history recorded who asked count as the gateway's own. */
function outboundView(
  r: Extract<HistoryRecord, { kind: "outbound" }>,
): OutboundMessage & { origin: SendOrigin } {
  const {
    kind: _k,
    finishedAt: _f,
    origin,
    deliveryReport: _d,
    history: _h,
    partStates: _p,
    ...m
  } = r;
  return { ...m, origin: origin ?? "local" };
}

function inboundView(r: Extract<HistoryRecord, { kind: "inbound" }>): InboundMessage {
  const { kind: _k, ackedAt: _a, ...m } = r;
  return m;
}
