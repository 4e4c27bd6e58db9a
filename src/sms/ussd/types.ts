/** What a USSD dialogue came to, named after `+CUSD: <m>` (27.007 §7.15) plus our own outcomes. */
export type UssdStatus =
  | "done"
  | "further-action"
  | "terminated"
  | "other-client"
  | "not-supported"
  | "timeout"
  | "error";

/** `+CUSD: <m>` → status. */
export const STATUS_OF_M: readonly UssdStatus[] = [
  "done",
  "further-action",
  "terminated",
  "other-client",
  "not-supported",
  "timeout",
];

export interface UssdResult {
  status: UssdStatus;
  /** The network's text, decoded; "" when it sent none. */
  text: string;
  /** The data coding scheme the network named, when it named one. */
  dcs?: number;
  /** Whether a menu waits for a reply (`session: "reply"`). */
  sessionOpen: boolean;
}

/** One outcome as announced to listeners (the MQTT `<base>/ussd` event). */
export interface UssdEvent extends UssdResult {
  /** The code or reply that was sent; absent for what the network sent on its own. */
  request?: string;
  /** ISO 8601. */
  at: string;
}

export type UssdRequest =
  | { session: "new"; code: string; timeoutSeconds?: number }
  | { session: "reply"; text: string; timeoutSeconds?: number }
  | { session: "cancel" };

/** How the module wants request strings: as typed, or GSM 7-bit packed as hex (Huawei). */
export type UssdRequestEncoding = "text" | "packed";
