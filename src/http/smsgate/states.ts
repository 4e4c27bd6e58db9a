import type { OutboundMessage, OutboundStatus } from "../../sms/types.js";

/**
 * SMSGate's view of our messages: its state names and its message document. One SMSGate
 * message to several numbers is one of our messages per number (`<id>:<number>`), so its
 * document gathers them as `recipients`.
 */

export type SmsgateState = "Pending" | "Processed" | "Sent" | "Delivered" | "Failed" | "Cancelled";

/** The device every message is sent from: one modem, so one device. */
export const DEVICE_ID = "smsgw";

const STATE_OF: Record<OutboundStatus, SmsgateState> = {
  queued: "Pending",
  sending: "Processed",
  sent: "Sent",
  delivered: "Delivered",
  failed: "Failed",
  expired: "Failed",
  cancelled: "Cancelled",
};

export const stateOf = (s: OutboundStatus): SmsgateState => STATE_OF[s];

/** Our statuses that show as this SMSGate state (for the `state` filter of a listing). */
export function statusesOf(state: SmsgateState): OutboundStatus[] {
  return (Object.keys(STATE_OF) as OutboundStatus[]).filter((s) => STATE_OF[s] === state);
}

export const SMSGATE_STATES: readonly SmsgateState[] = [
  "Pending",
  "Processed",
  "Sent",
  "Delivered",
  "Failed",
  "Cancelled",
];

/** How far a recipient got: the message as a whole is as far as its slowest recipient. */
const PROGRESS: SmsgateState[] = ["Pending", "Processed", "Sent", "Delivered"];

function overall(states: SmsgateState[]): SmsgateState {
  const going = states.filter((s) => s !== "Failed" && s !== "Cancelled");
  if (going.length === 0) return states.includes("Failed") ? "Failed" : "Cancelled";
  return PROGRESS[Math.min(...going.map((s) => PROGRESS.indexOf(s)))] as SmsgateState;
}

export interface SmsgateRecipient {
  phoneNumber: string;
  state: SmsgateState;
  error?: string;
}

/** SMSGate's GetMessageResponse. */
export interface SmsgateMessage {
  id: string;
  deviceId: string;
  state: SmsgateState;
  isHashed: false;
  isEncrypted: false;
  recipients: SmsgateRecipient[];
  /** When each state was reached, as far as we know it: queued at creation, the current one at the last change. */
  states: Partial<Record<SmsgateState, string>>;
  createdAt: string;
  textMessage?: { text: string };
}

/**
 * The document of SMSGate message `id`, made of our messages (one per recipient, in the order
 * given). `includeContent` adds the text, as SMSGate's `includeContent=true` does.
 */
export function smsgateMessage(
  id: string,
  messages: readonly OutboundMessage[],
  includeContent = false,
): SmsgateMessage {
  const recipients = messages.map((m): SmsgateRecipient => {
    const r: SmsgateRecipient = { phoneNumber: m.to, state: stateOf(m.status) };
    // Our error code: the reason a client can act on (sms.invalid-number, at.cms, …).
    if (m.error !== undefined && (r.state === "Failed" || r.state === "Cancelled"))
      r.error = m.error.code;
    return r;
  });
  const state = overall(recipients.map((r) => r.state));
  const createdAt = messages.map((m) => m.createdAt).sort()[0] ?? new Date(0).toISOString();
  const updatedAt =
    messages
      .map((m) => m.updatedAt)
      .sort()
      .at(-1) ?? createdAt;
  const states: Partial<Record<SmsgateState, string>> = { Pending: createdAt };
  if (state !== "Pending") states[state] = updatedAt;
  const first = messages[0];
  return {
    id,
    deviceId: DEVICE_ID,
    state,
    isHashed: false,
    isEncrypted: false,
    recipients,
    states,
    createdAt,
    ...(includeContent && first !== undefined ? { textMessage: { text: first.text } } : {}),
  };
}
