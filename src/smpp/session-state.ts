import type { BindCommand, Pdu } from "./pdu.js";

/** The session states of SMPP 3.4 §2.2 (UNBOUND is the short way to CLOSED). */
export type SessionState = "open" | "bound_tx" | "bound_rx" | "bound_trx" | "closed";

export const BOUND_STATE: Record<BindCommand, SessionState> = {
  bind_transmitter: "bound_tx",
  bind_receiver: "bound_rx",
  bind_transceiver: "bound_trx",
};

/** Whether a session in `state` may send (submit_sm, query_sm, cancel_sm). */
export const canTransmit = (state: SessionState): boolean =>
  state === "bound_tx" || state === "bound_trx";

/** Whether a session in `state` is sent deliver_sm. */
export const canReceive = (state: SessionState): boolean =>
  state === "bound_rx" || state === "bound_trx";

/** Requests an ESME may send in `state` (§2.3); others are answered ESME_RINVBNDSTS. */
export function allowedIn(state: SessionState, command: Pdu["command"]): boolean {
  switch (command) {
    case "bind_transmitter":
    case "bind_receiver":
    case "bind_transceiver":
      return state === "open";
    case "submit_sm":
    case "query_sm":
    case "cancel_sm":
      return canTransmit(state);
    case "unbind":
      return state !== "open" && state !== "closed";
    case "enquire_link":
      return state !== "closed";
    default:
      return true;
  }
}
