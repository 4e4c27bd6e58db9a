import { EventEmitter } from "node:events";
import { constants } from "node:fs";
import { access } from "node:fs/promises";
import type { ModemInfo } from "../modem/lifecycle/info.js";
import type { OutboundMessage } from "../sms/types.js";
import { buildHealthDocument, type HealthDocument, type HealthInputs } from "./document.js";

/** What the monitor reads: the modem's and the SMS service's public faces. */
export interface HealthSources {
  modem: {
    readonly state: string;
    readonly info?: Readonly<ModemInfo>;
    on(event: "state", listener: () => void): unknown;
    off(event: "state", listener: () => void): unknown;
  };
  service: {
    list(): OutboundMessage[];
    on(event: "outbound", listener: (m: OutboundMessage) => void): unknown;
    off(event: "outbound", listener: (m: OutboundMessage) => void): unknown;
  };
  /** The store's directory: writable or not. */
  storeDir: string;
  mqttConnected?: () => boolean;
  undervoltage?: () => Promise<{ now: boolean; sinceBoot: boolean } | undefined>;
  version: string;
  now?: () => number;
}

const HOUR_MS = 3_600_000;
/**
 * Message outcomes are evaluated together after this long: a burst of thousands must not
 * build the document (which walks the queue) once per message.
 */
const OUTCOME_COALESCE_MS = 1_000;
/** Outcomes remembered for the last hour; a flood beyond this forgets the oldest first. */
const MAX_OUTCOMES = 10_000;

export interface HealthMonitorEvents {
  /** The overall status or a check's status changed. */
  change: [HealthDocument];
}

/**
 * Builds the health document from the gateway's parts: keeps the outcomes of the last hour
 * (from the SMS service's events) and, while watching, evaluates every `intervalMs`, a second
 * after message outcomes and on each modem state change, announcing a `change` when a status
 * changed.
 */
export class HealthMonitor extends EventEmitter<HealthMonitorEvents> {
  private readonly outcomes: Array<{ at: number; failed: boolean }> = [];
  private readonly now: () => number;
  private timer: NodeJS.Timeout | undefined;
  private coalesce: NodeJS.Timeout | undefined;
  private last: string | undefined;
  private latestDoc: HealthDocument | undefined;
  /** Evaluations run one after the other, so their results are announced in order. */
  private evaluating: Promise<void> = Promise.resolve();
  private readonly onOutbound = (m: OutboundMessage) => {
    const failed = m.status === "failed" || m.status === "expired";
    if (!failed && m.status !== "sent") return;
    this.outcomes.push({ at: this.now(), failed });
    if (this.outcomes.length > MAX_OUTCOMES) this.outcomes.shift();
    if (this.timer === undefined || this.coalesce !== undefined) return;
    this.coalesce = setTimeout(() => {
      this.coalesce = undefined;
      this.check();
    }, OUTCOME_COALESCE_MS);
    this.coalesce.unref();
  };
  private readonly onModemState = () => {
    if (this.timer !== undefined) this.check();
  };

  constructor(private readonly src: HealthSources) {
    super();
    this.now = src.now ?? Date.now;
    src.service.on("outbound", this.onOutbound);
    src.modem.on("state", this.onModemState);
  }

  /** The document as of now. */
  async current(): Promise<HealthDocument> {
    return buildHealthDocument(await this.inputs());
  }

  /** The document of the last evaluation while watching (undefined before the first). */
  get latest(): HealthDocument | undefined {
    return this.latestDoc;
  }

  /** Evaluates now and every `intervalMs`, announcing changes. */
  watch(intervalMs: number): void {
    if (this.timer !== undefined) return;
    this.timer = setInterval(() => this.check(), intervalMs);
    this.timer.unref();
    this.check();
  }

  stop(): void {
    clearInterval(this.timer);
    clearTimeout(this.coalesce);
    this.timer = this.coalesce = undefined;
    this.src.service.off("outbound", this.onOutbound);
    this.src.modem.off("state", this.onModemState);
  }

  private check(): void {
    this.evaluating = this.evaluating
      .then(() => this.current())
      .then((doc) => {
        this.latestDoc = doc;
        const key = JSON.stringify([doc.status, Object.values(doc.checks).map((c) => c.status)]);
        if (key === this.last) return;
        this.last = key;
        this.emit("change", doc);
      })
      .catch(() => {}); // current() reads only what cannot fail; a listener's error is its own
  }

  private async inputs(): Promise<HealthInputs> {
    const now = this.now();
    while ((this.outcomes[0]?.at ?? now) < now - HOUR_MS) this.outcomes.shift();
    let oldest = Number.POSITIVE_INFINITY;
    for (const m of this.src.service.list())
      if (m.status === "queued" || m.status === "sending")
        oldest = Math.min(oldest, Date.parse(m.createdAt));
    const info = this.src.modem.info;
    const storage = info?.storage;
    return {
      version: this.src.version,
      modem: {
        state: this.src.modem.state,
        signalDbm: info?.signal?.dbm ?? null,
        storage: storage === undefined ? undefined : { used: storage.used, total: storage.total },
      },
      oldestQueuedSeconds: Number.isFinite(oldest) ? Math.max(0, (now - oldest) / 1000) : null,
      lastHour: {
        finished: this.outcomes.length,
        failed: this.outcomes.filter((o) => o.failed).length,
      },
      storeWritable: await writable(this.src.storeDir),
      mqttConnected: this.src.mqttConnected?.(),
      undervoltage: await this.src.undervoltage?.().catch(() => undefined),
    };
  }
}

/** A read-only remount (an SD card's file system after errors) shows as EROFS here. */
async function writable(dir: string): Promise<boolean> {
  try {
    await access(dir, constants.W_OK);
    return true;
  } catch {
    return false;
  }
}
