import { join } from "node:path";
import { DurableFile } from "../store/index.js";

/**
 * The automation's own durable state, in its own file of the store directory
 * (`automation.json` + journal, via DurableFile): lockouts and failure counts, the one-time
 * code counters that refuse replays, alert episodes and debounce starts, schedule bookkeeping
 * for missed runs, auto-reply cooldowns, forwarding and rate-limit counts, and the inbound
 * messages already handled. All small and bounded.
 */
export interface SenderRecord {
  /** Times (epoch ms) of recent failures, oldest first. */
  failures: number[];
  lockedUntil?: number;
  /** Failures since the last success: never decays with time. */
  strikes?: number;
  lastFailure?: number;
}

export interface OtpRecord {
  /** TOTP: the last accepted time step; only later steps are accepted (RFC 6238 §5.2). */
  lastStep?: number;
  /** HOTP: the next expected counter (RFC 4226 §7.2). */
  counter?: number;
}

export interface AlertRecord {
  active: boolean;
  /** The alert message of this episode was sent (so a recovery message is due). */
  notified: boolean;
  since: number;
  lastSentAt?: number;
  /** Counts episodes of this alert: part of the SMS id, so each episode is its own message. */
  episode?: number;
}

export interface ScheduleRecord {
  expression: string;
  lastRun?: number;
  /** The run planned when the gateway last looked: if it is past at start, it was missed. */
  nextDue?: number;
}

export interface AutomationState {
  senders: Record<string, SenderRecord>;
  otp: Record<string, OtpRecord>;
  alerts: Record<string, AlertRecord>;
  /** `<rule>|<topic>` → when a `forSeconds` condition began to hold (its wait is under way). */
  alertHolds: Record<string, number>;
  schedules: Record<string, ScheduleRecord>;
  /** `<rule>|<sender>` → last auto-reply time. */
  autoReplies: Record<string, number>;
  /** Forwarding rule → times of the SMS it forwarded in the last hour, oldest first. */
  forwards: Record<string, number[]>;
  /** Rate limit (`replies`, `commands|<sender>`) → times counted in the last hour. */
  rateLimits: Record<string, number[]>;
  /** Ids of inbound messages already handled, newest last. */
  handled: string[];
}

export const HANDLED_MEMORY = 500;

export function emptyAutomationState(): AutomationState {
  return {
    senders: {},
    otp: {},
    alerts: {},
    alertHolds: {},
    schedules: {},
    autoReplies: {},
    forwards: {},
    rateLimits: {},
    handled: [],
  };
}

function obj<T>(v: unknown): Record<string, T> {
  return v !== null && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, T>) : {};
}

const isTime = (t: unknown): t is number => typeof t === "number" && Number.isFinite(t);

function timeLists(v: unknown): Record<string, number[]> {
  return Object.fromEntries(
    Object.entries(obj<unknown>(v)).flatMap(([k, x]) =>
      Array.isArray(x) ? [[k, x.filter(isTime)]] : [],
    ),
  );
}

export function normaliseAutomationState(raw: unknown): AutomationState {
  const r = obj<unknown>(raw);
  return {
    senders: obj(r.senders),
    otp: obj(r.otp),
    alerts: obj(r.alerts),
    alertHolds: Object.fromEntries(
      Object.entries(obj<unknown>(r.alertHolds)).filter((e): e is [string, number] => isTime(e[1])),
    ),
    schedules: obj(r.schedules),
    autoReplies: obj(r.autoReplies),
    forwards: timeLists(r.forwards),
    rateLimits: timeLists(r.rateLimits),
    handled: Array.isArray(r.handled)
      ? r.handled.filter((x): x is string => typeof x === "string")
      : [],
  };
}

/** The persistence the features use: the live document and a way to make a change durable. */
export interface StateStore {
  readonly data: AutomationState;
  update(mutator: (d: AutomationState) => void): Promise<void>;
  close?(): Promise<void>;
}

export const STATE_FILE = "automation.json";

export async function openAutomationState(dir: string): Promise<DurableFile<AutomationState>> {
  return DurableFile.open<AutomationState>(join(dir, STATE_FILE), emptyAutomationState, {
    normalise: normaliseAutomationState,
    compactMinBytes: 64 * 1024,
  });
}
