/**
 * Kannel's `sendsms` answers, byte for byte as its smsbox gives them: clients compare the body
 * exactly (playSMS accepts only `0: Accepted for delivery` or `3: Queued for later delivery`),
 * so no trailing newline.
 */
export interface KannelReply {
  status: number;
  body: string;
}

const reply = (status: number, body: string): KannelReply => ({ status, body });

export const KANNEL = {
  accepted: reply(202, "0: Accepted for delivery"),
  queued: reply(202, "3: Queued for later delivery"),
  authFailed: reply(403, "Authorization failed for sendsms"),
  missingTo: reply(400, "Missing receiver number, rejected"),
  missingToPost: reply(400, "Missing receiver(s) number(s), rejected"),
  emptyTo: reply(400, "Empty receiver number not allowed, rejected"),
  denied: reply(400, "Number(s) has/have been denied by white- and/or black-lists."),
  dlrUrl: reply(400, "DLR-URL field misformed, rejected"),
  dlrMask: reply(400, "DLR-Mask field misformed, rejected"),
  mclass: reply(400, "MClass field misformed, rejected"),
  coding: reply(400, "Coding field misformed, rejected"),
  validity: reply(400, "Validity field misformed, rejected"),
  deferred: reply(400, "Deferred field misformed, rejected"),
  priority: reply(400, "Priority field misformed, rejected"),
  charset: reply(400, "Charset or body misformed, rejected"),
  udh: reply(400, "UDH field misformed, rejected"),
  invalidContentType: reply(400, "Invalid content-type"),
  unsupportedContentType: reply(415, "Unsupported content-type, rejected"),
  temporal: reply(503, "Temporal failure, try again later."),
  failed: reply(500, "Sending failed."),
  // smsgw's own: Kannel cuts a long text at max-messages; smsgw refuses it rather than
  // deliver a truncated message.
  tooLong: reply(400, "Message too long, rejected"),
} as const;

/** A request Kannel would refuse, with its answer. */
export class KannelRefusal extends Error {
  constructor(readonly reply: KannelReply) {
    super(reply.body);
  }
}
