import {
  type DestinationPolicyOptions,
  defaultDestinationPolicy,
} from "./policy/destination-policy.js";

/**
 * Settings of the SMS service with their defaults. The config layer (src/config) maps the
 * user's YAML onto `Partial<SmsOptions>`; `resolveSmsOptions` fills in the rest.
 */

export interface RateLimits {
  /** Messages (not parts) per rolling minute / hour / day; undefined = unlimited. */
  perMinute?: number;
  perHour?: number;
  perDay?: number;
}

/**
 * Local-time window in which sending is allowed, e.g. `{ start: "08:00", end: "20:00" }`.
 * `end` before `start` spans midnight. `days`: 0 = Sunday … 6 = Saturday (all when omitted).
 */
export interface SendWindow {
  start: string;
  end: string;
  days?: number[];
}

export interface RetryOptions {
  /** First backoff after a temporary error. */
  baseMs: number;
  /** Cap of the exponential backoff. */
  maxMs: number;
  /** Give up (status failed) after this many temporary errors of one message. */
  maxAttempts: number;
}

/** The opt-out list: STOP/START keywords from recipients, and sends to them held back. */
export interface OptOutOptions {
  /** Off: keywords are ordinary messages and the list holds nothing back. */
  enabled: boolean;
  stopKeywords: string[];
  startKeywords: string[];
}

export interface SmsOptions {
  /** Where messages may go (every send): allowed countries, short codes. */
  policy: DestinationPolicyOptions;
  /** Most recipients one send request may name (`sms.too-many-recipients`). */
  maxRecipients: number;
  /**
   * Percent of `queueCapacity` kept for alerts, replies and local senders: requests from the
   * doors (MQTT, …) are refused once the outbox holds more than the rest.
   */
  reservedQueuePercent: number;
  /** Longest message in parts (codec refuses more: `sms.too-many-parts`). */
  maxParts: number;
  /** Default time to live of an outbound message, seconds (request's validitySeconds wins). */
  ttlSeconds: number;
  /** Ask for status reports unless the request says otherwise. */
  deliveryReports: boolean;
  /** How long a sent message waits for its status reports before it is final as "sent". */
  deliveryReportWaitMs: number;
  rateLimits: RateLimits;
  sendWindow: SendWindow | null;
  retry: RetryOptions;
  /** A partial multipart is handed on, flagged incomplete, after this long. */
  reassemblyTimeoutMs: number;
  /** Live outbox capacity: a full queue refuses new work (`sms.queue-full`). */
  queueCapacity: number;
  /** Periodic `AT+CMGL=4` sweep (catches lost +CMTI). 0 = only at start and when SIM is full. */
  sweepIntervalMs: number;
  /** Sweep when SIM storage use reaches this fraction. */
  simFullRatio: number;
  /**
   * The SMS memory the inbox reads, lists and deletes without switching (AT+CPMS <mem1>): must
   * match the modem's AT+CPMS storage. A `+CMTI`/`+CDSI` naming another memory is read from
   * there with a switch and back.
   */
  storage: string;
  /** How many recent inbound fingerprints are remembered to drop network duplicates. */
  dedupeMemory: number;
  /** Finished messages kept in the history log this many days (the store prunes). */
  historyRetentionDays: number;
  optOut: OptOutOptions;
}

export const defaultSmsOptions: SmsOptions = {
  policy: defaultDestinationPolicy,
  maxRecipients: 20,
  reservedQueuePercent: 10,
  maxParts: 10,
  ttlSeconds: 24 * 3600,
  deliveryReports: true,
  deliveryReportWaitMs: 3 * 24 * 3600_000,
  rateLimits: {},
  sendWindow: null,
  retry: { baseMs: 5_000, maxMs: 10 * 60_000, maxAttempts: 12 },
  reassemblyTimeoutMs: 60 * 60_000,
  queueCapacity: 10_000,
  sweepIntervalMs: 5 * 60_000,
  simFullRatio: 0.8,
  storage: "SM",
  dedupeMemory: 500,
  historyRetentionDays: 30,
  optOut: {
    enabled: false,
    stopKeywords: ["STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT"],
    startKeywords: ["START", "UNSTOP"],
  },
};

export type SmsOptionsInput = Partial<
  Omit<SmsOptions, "retry" | "rateLimits" | "policy" | "optOut">
> & {
  optOut?: Partial<OptOutOptions>;
  retry?: Partial<RetryOptions>;
  policy?: Partial<DestinationPolicyOptions>;
  rateLimits?: RateLimits;
};

export function resolveSmsOptions(input: SmsOptionsInput = {}): SmsOptions {
  return {
    ...defaultSmsOptions,
    ...input,
    retry: { ...defaultSmsOptions.retry, ...input.retry },
    rateLimits: { ...defaultSmsOptions.rateLimits, ...input.rateLimits },
    policy: { ...defaultSmsOptions.policy, ...input.policy },
    optOut: { ...defaultSmsOptions.optOut, ...input.optOut },
  };
}
