/**
 * What waits durably for an account's receivers: an inbound SMS or a delivery receipt. Kept
 * as data (JSON), turned into a deliver_sm when a session takes it.
 */
export type Delivery =
  | {
      kind: "mo";
      /** Order within the account's line. */
      seq: number;
      /** Our inbound id. */
      id: string;
      from: string;
      text: string;
      /** Received (epoch ms). */
      at: number;
    }
  | {
      kind: "receipt";
      seq: number;
      /** Our message id, as submit_sm_resp gave it. */
      id: string;
      /** The recipient (the receipt's source address). */
      to: string;
      /** The sender the ESME gave (the receipt's destination address). */
      from: string;
      state: ReceiptState;
      /** The +CMS error, when the message failed with one. */
      err: number;
      submittedAt: number;
      doneAt: number;
      /** The first 20 characters of the text. */
      text: string;
    };

export type ReceiptState = "DELIVRD" | "EXPIRED" | "DELETED" | "UNDELIV" | "REJECTD";
