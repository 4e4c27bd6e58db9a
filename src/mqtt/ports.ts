import type { HealthDocument } from "../health/index.js";
import type { ModemInfo } from "../modem/lifecycle/info.js";
import type { ModemEvents } from "../modem/modem.js";
import type {
  HistoryPage,
  InboundMessage,
  OutboundMessage,
  SendOrigin,
  SendRequest,
  SmsStats,
} from "../sms/types.js";

/**
 * What the bridge uses of the SMS service. `SmsService` satisfies it; the bridge
 * never sees AT commands or the store.
 */
export interface SmsPort {
  send(req: SendRequest): Promise<OutboundMessage[]>;
  cancel(id: string): Promise<OutboundMessage | undefined>;
  get(id: string): OutboundMessage | undefined;
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

/** The gateway's health as the bridge publishes it: the document now, and when it changes. */
export interface HealthView {
  current(): Promise<HealthDocument>;
  /** The last evaluation, in the order evaluations were announced (undefined before the first). */
  readonly latest: HealthDocument | undefined;
  on(event: "change", listener: (doc: HealthDocument) => void): unknown;
  off(event: "change", listener: (doc: HealthDocument) => void): unknown;
}
