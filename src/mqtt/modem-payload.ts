import type { ModemPayload } from "./payloads.js";
import type { ModemView } from "./ports.js";

/** `<base>/modem`: the modem's state and what it told us; unknown fields are null. */
export function modemPayload(
  modem: ModemView,
  now: Date = new Date(),
  clock?: ModemPayload["clock"],
  balance?: ModemPayload["balance"],
  missedCalls?: number,
): ModemPayload {
  const i = modem.info ?? {};
  const op = i.operator;
  const operator =
    op?.name !== undefined && op.name !== ""
      ? op.name
      : op?.mcc !== undefined && op.mnc !== undefined
        ? `${op.mcc}${op.mnc}`
        : null;
  const storage =
    i.storage !== undefined &&
    typeof i.storage.used === "number" &&
    typeof i.storage.total === "number"
      ? { used: i.storage.used, total: i.storage.total }
      : null;
  return {
    state: modem.state,
    available: modemAvailable(modem.state),
    reason: modem.reason ?? null,
    operator,
    registration: i.registration ?? null,
    accessTechnology: i.act?.name ?? null,
    signal:
      i.signal === undefined
        ? null
        : { rssi: i.signal.rssi, dbm: i.signal.dbm, percent: i.signal.percent },
    sim: i.sim ?? null,
    smsc: i.smsc ?? null,
    storage,
    manufacturer: i.manufacturer ?? null,
    model: i.model ?? null,
    ...(clock === undefined ? {} : { clock }),
    ...(balance === undefined ? {} : { balance }),
    ...(missedCalls === undefined ? {} : { missedCalls }),
    updatedAt: now.toISOString(),
  };
}

/**
 * Whether the modem answers, so that its readings (signal, operator, access technology) are
 * current: `ready` and `degraded` (registered badly or not at all, but answering). Every other
 * state, including any added later, is unavailable: while the modem is failed, recovering or
 * still starting, the last readings are stale and Home Assistant shows them as unavailable.
 */
export function modemAvailable(state: string): boolean {
  return state === "ready" || state === "degraded";
}
