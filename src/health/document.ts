/**
 * The health document: SMSGate's shape (`status`, `version`, `checks` by name, each with a
 * description, what it observed and its own status); the overall status is the worst check's.
 * The HTTP door and the MQTT bridge both render it as built here.
 */

export type HealthStatus = "pass" | "warn" | "fail";

export interface HealthCheck {
  description: string;
  observedUnit: string;
  observedValue: string | number | boolean | null;
  status: HealthStatus;
}

export interface HealthDocument {
  status: HealthStatus;
  version: string;
  checks: Record<string, HealthCheck>;
}

/** What the checks look at, read from the gateway's parts at one moment. */
export interface HealthInputs {
  version: string;
  modem: {
    state: string;
    /** null: not known (no reading yet, or the module does not say). */
    signalDbm: number | null;
    storage: { used: number | null; total: number | null } | undefined;
  };
  /** Age of the oldest queued or sending message in seconds; null: the queue is empty. */
  oldestQueuedSeconds: number | null;
  /** Outbound messages that ended in the last hour: how many, and how many of them failed. */
  lastHour: { finished: number; failed: number };
  storeWritable: boolean;
  /** undefined: the renderer does not ask (the MQTT bridge is connected when it publishes). */
  mqttConnected: boolean | undefined;
  /** Pi firmware throttling flags; undefined where the kernel does not expose them. */
  undervoltage?: { now: boolean; sinceBoot: boolean } | undefined;
}

/** Where a check turns to warn. */
export const HEALTH_LIMITS = {
  /** Below this signal (dBm) an SMS often fails to go. */
  weakSignalDbm: -100,
  /** A message queued longer than this (seconds) waits behind something. */
  oldestQueuedSeconds: 900,
  /** The SIM's SMS memory fuller than this (0–1) soon refuses new messages. */
  simStorageRatio: 0.8,
} as const;

const RANK: Record<HealthStatus, number> = { pass: 0, warn: 1, fail: 2 };

export function worst(statuses: Iterable<HealthStatus>): HealthStatus {
  let out: HealthStatus = "pass";
  for (const s of statuses) if (RANK[s] > RANK[out]) out = s;
  return out;
}

export function buildHealthDocument(i: HealthInputs): HealthDocument {
  const checks: Record<string, HealthCheck> = {};
  checks["modem:ready"] = {
    description: "The modem answers and is registered on the network",
    observedUnit: "state",
    observedValue: i.modem.state,
    status: i.modem.state === "ready" ? "pass" : "fail",
  };
  checks["modem:signal"] = {
    description: `Signal strength; warn below ${HEALTH_LIMITS.weakSignalDbm} dBm`,
    observedUnit: "dBm",
    observedValue: i.modem.signalDbm,
    status:
      i.modem.signalDbm !== null && i.modem.signalDbm < HEALTH_LIMITS.weakSignalDbm
        ? "warn"
        : "pass",
  };
  checks["queue:oldest"] = {
    description: `Age of the oldest waiting outbound message; warn above ${HEALTH_LIMITS.oldestQueuedSeconds} s`,
    observedUnit: "s",
    observedValue: i.oldestQueuedSeconds === null ? 0 : Math.round(i.oldestQueuedSeconds),
    status:
      i.oldestQueuedSeconds !== null && i.oldestQueuedSeconds > HEALTH_LIMITS.oldestQueuedSeconds
        ? "warn"
        : "pass",
  };
  const { failed, finished } = i.lastHour;
  checks["messages:failed"] = {
    description: "Outbound messages failed in the last hour; warn if any, fail if all did",
    observedUnit: "messages",
    observedValue: failed,
    status: failed === 0 ? "pass" : failed >= finished ? "fail" : "warn",
  };
  checks["store:writable"] = {
    description: "The store's directory can be written",
    observedUnit: "boolean",
    observedValue: i.storeWritable,
    status: i.storeWritable ? "pass" : "fail",
  };
  if (i.mqttConnected !== undefined)
    checks["mqtt:connected"] = {
      description: "The MQTT bridge is connected to its broker (SMS still queue without it)",
      observedUnit: "boolean",
      observedValue: i.mqttConnected,
      status: i.mqttConnected ? "pass" : "warn",
    };
  const storage = i.modem.storage;
  const ratio =
    storage?.used != null && storage.total != null && storage.total > 0
      ? storage.used / storage.total
      : null;
  checks["sim:storage"] = {
    description: `Share of the SIM's SMS memory in use; warn above ${HEALTH_LIMITS.simStorageRatio * 100} %`,
    observedUnit: "percent",
    observedValue: ratio === null ? null : Math.round(ratio * 100),
    status: ratio !== null && ratio > HEALTH_LIMITS.simStorageRatio ? "warn" : "pass",
  };
  if (i.undervoltage !== undefined)
    checks["host:undervoltage"] = {
      description:
        "The Raspberry Pi's supply voltage was too low (now, or since boot): the modem's bursts brown it out",
      observedUnit: "state",
      observedValue: i.undervoltage.now ? "now" : i.undervoltage.sinceBoot ? "since-boot" : "ok",
      status: i.undervoltage.now || i.undervoltage.sinceBoot ? "warn" : "pass",
    };
  return {
    status: worst(Object.values(checks).map((c) => c.status)),
    version: i.version,
    checks,
  };
}

/** HTTP status for the document: 503 only when it fails, so a load balancer keeps a warn. */
export function healthHttpStatus(doc: HealthDocument): 200 | 503 {
  return doc.status === "fail" ? 503 : 200;
}
