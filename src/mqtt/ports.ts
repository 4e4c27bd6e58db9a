import type { HealthDocument } from "../health/index.js";
import type { ModemInfo } from "../modem/lifecycle/info.js";
import type { ModemEvents } from "../modem/modem.js";
import type { CallEvent } from "../sms/calls/index.js";
import type { OptOutEntry } from "../sms/opt-out/opt-out-list.js";
import type {
  HistoryPage,
  InboundMessage,
  OutboundDetail,
  OutboundMessage,
  OutboundPart,
  SendOrigin,
  SendRequest,
  SmsStats,
} from "../sms/types.js";
import type { BalanceReading, UssdEvent, UssdRequest, UssdResult } from "../sms/ussd/index.js";

/**
 * What the bridge uses of the SMS service. `SmsService` satisfies it; the bridge
 * never sees AT commands or the store.
 */
export interface SmsPort {
  send(req: SendRequest): Promise<OutboundMessage[]>;
  cancel(id: string): Promise<OutboundMessage | undefined>;
  get(id: string): OutboundMessage | undefined;
  /** The message with every status change and every part's reference and report. */
  detail(id: string): Promise<OutboundDetail | undefined>;
  /** The parts of a live message now (for the status payload's `reports`). */
  partsOf(id: string): OutboundPart[] | undefined;
  list(filter?: { origins?: readonly SendOrigin[] }): OutboundMessage[];
  /** Who asked for a live message (undefined: no live message with that id). */
  originOf(id: string): SendOrigin | undefined;
  stats(): SmsStats;
  /** Finished outbound messages (history), newest first, with who asked for each. */
  finishedOutbound(
    q: HistoryPage<OutboundMessage & { origin: SendOrigin }>,
  ): Promise<Array<{ at: number; message: OutboundMessage; origin: SendOrigin }>>;
  /** Received messages already handed on (history), newest first. */
  receivedHistory(
    q: HistoryPage<InboundMessage>,
  ): Promise<Array<{ at: number; message: InboundMessage }>>;
  pendingInbound(): InboundMessage[];
  /** Whether the opt-out list holds sends back (`sms.optOut.enabled`). */
  readonly optOutEnabled: boolean;
  optOuts(): OptOutEntry[];
  addOptOut(number: string): Promise<{ entry: OptOutEntry; added: boolean }>;
  removeOptOut(number: string): Promise<boolean>;
  ackInbound(id: string): Promise<void>;
  on(event: "outbound", listener: (m: OutboundMessage) => void): unknown;
  on(event: "inbound", listener: (m: InboundMessage) => void): unknown;
  off(event: "outbound", listener: (m: OutboundMessage) => void): unknown;
  off(event: "inbound", listener: (m: InboundMessage) => void): unknown;
}

/** What the bridge publishes of the modem: its state and what it told us. */
export interface ModemView {
  readonly state: string;
  readonly reason?: string;
  readonly info?: Readonly<ModemInfo>;
  on(event: "state", listener: (...args: ModemEvents["state"]) => void): unknown;
  on(event: "info", listener: (...args: ModemEvents["info"]) => void): unknown;
  off(event: "state", listener: (...args: ModemEvents["state"]) => void): unknown;
  off(event: "info", listener: (...args: ModemEvents["info"]) => void): unknown;
}

/** What the bridge uses of the USSD service (`UssdService` satisfies it). */
export interface UssdPort {
  request(req: UssdRequest): Promise<UssdResult>;
  on(event: "result", listener: (e: UssdEvent) => void): unknown;
  off(event: "result", listener: (e: UssdEvent) => void): unknown;
}

/** What the bridge uses of the balance monitor (`BalanceMonitor` satisfies it). */
export interface BalancePort {
  readonly latest: BalanceReading | undefined;
  check(): Promise<BalanceReading | undefined>;
  on(event: "balance", listener: (b: BalanceReading) => void): unknown;
  off(event: "balance", listener: (b: BalanceReading) => void): unknown;
}

/** What the bridge uses of the call monitor (`CallMonitor` satisfies it). */
export interface CallsPort {
  readonly missed: number;
  on(event: "call", listener: (c: CallEvent) => void): unknown;
  on(event: "missed", listener: (n: number) => void): unknown;
  off(event: "call", listener: (c: CallEvent) => void): unknown;
  off(event: "missed", listener: (n: number) => void): unknown;
}

/** The gateway's health as the bridge publishes it: the document now, and when it changes. */
export interface HealthView {
  current(): Promise<HealthDocument>;
  /** The last evaluation, in the order evaluations were announced (undefined before the first). */
  readonly latest: HealthDocument | undefined;
  on(event: "change", listener: (doc: HealthDocument) => void): unknown;
  off(event: "change", listener: (doc: HealthDocument) => void): unknown;
}

/** A bound SMPP session as `bridge/info` shows it (never its password). */
export interface SmppSessionView {
  systemId: string;
  address: string;
  /** bound_tx, bound_rx or bound_trx. */
  state: string;
  /** deliver_sm sent and not yet answered. */
  unacknowledged: number;
}

/** The SMPP server's bound sessions, when `smpp.enabled`; "change" on each bind and close. */
export interface SmppSessionsPort {
  sessions(): SmppSessionView[];
  on(event: "change", listener: () => void): unknown;
  off(event: "change", listener: () => void): unknown;
}
