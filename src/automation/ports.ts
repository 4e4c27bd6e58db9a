import type { InboundMessage, OutboundMessage, SendRequest, SmsStats } from "../sms/types.js";

/**
 * What the automation layer needs of the rest of the gateway. It knows nothing of AT commands
 * (the SMS service stands between) nor of mqtt.js (only `mqtt-port.ts` adapts a client).
 */

export interface MqttMessageMeta {
  /** A retained message (old news, e.g. replayed on subscribe). */
  retain: boolean;
}

export interface MqttPort {
  publish(topic: string, payload: string, opts?: { qos?: 0 | 1; retain?: boolean }): Promise<void>;
  /**
   * Subscribes `filter` (wildcards allowed); resolves with an unsubscribe function. The third
   * argument is an addition to the agreed shape (older callers simply ignore it).
   */
  subscribe(
    filter: string,
    onMessage: (topic: string, payload: Buffer, meta: MqttMessageMeta) => void,
  ): Promise<() => Promise<void>>;
}

/** The parts of the SMS service used here; `SmsService` satisfies it. */
export interface SmsPort {
  send(req: SendRequest): Promise<OutboundMessage[]>;
  stats(): SmsStats;
  pendingInbound(): InboundMessage[];
  on(event: "inbound", listener: (m: InboundMessage) => void): unknown;
  off(event: "inbound", listener: (m: InboundMessage) => void): unknown;
}

/** What STATUS and the daily report say about the modem (a subset of the modem's `info`). */
export interface ModemInfoLike {
  state?: string;
  operator?: { name?: string; mcc?: string; mnc?: string };
  signal?: { rssi: number | null; dbm: number | null; percent: number | null };
  act?: { name: string; generation?: string };
  registration?: string;
}

/** Housekeeping the gateway offers to schedules, by task name (`history-retention`, `sim-sweep`). */
export type HousekeepingTasks = Record<string, () => Promise<void> | void>;

/** A received SMS as a mail forward names it (the values of the mail's templates). */
export interface ForwardedSms {
  from: string;
  /** The sender's contact name, else the sender. */
  name: string;
  /** The text, a leading one-time code masked. */
  text: string;
  receivedAt: string;
}

/**
 * Where `mailto:` forwards go: a durable mail outbox. Resolves once the mail is queued on disk
 * (sending is later and retried); the same `id` twice is one mail.
 */
export interface MailPort {
  forward(to: readonly string[], sms: ForwardedSms, id: string): Promise<void>;
}
