import type { SendOrigin } from "../../sms/types.js";
import type { BalancePort, SmsPort, UssdPort } from "../ports.js";

/**
 * What a request handler is given: the gateway's parts and the door's identity, nothing of
 * the door itself. MQTT builds one per message; another door (HTTP, SMPP) builds its own and
 * calls the same handlers with the same bodies, getting the same data and the same error codes.
 */
export interface RequestContext {
  readonly service: SmsPort;
  readonly modem: { readonly state: string };
  /** When this gateway process started (for the uptime). */
  readonly startedAt: Date;
  /** The door the request came through: messages it queues carry it, and it scopes the queue. */
  readonly origin: SendOrigin;
  /**
   * Whether the caller may list every live message with its text and cancel any of them.
   * A door without per-client identity (MQTT) sees only its own origin's messages otherwise.
   */
  readonly admin: boolean;
  /** Whether a delivery report is asked for when the request does not say (`sms.deliveryReports`). */
  readonly deliveryReports: boolean;
  /** The broker connection's state, as health reports it. */
  readonly mqtt: () => "connected" | "disconnected";
  /** USSD through the modem; absent where the door or the gateway offers none. */
  readonly ussd?: UssdPort;
  /** The SIM's credit check, when `balance` is configured. */
  readonly balance?: BalancePort;
}
