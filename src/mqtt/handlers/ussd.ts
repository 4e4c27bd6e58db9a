import { z } from "zod";
import { SmsgwError } from "../../errors.js";
import type { UssdRequest } from "../../sms/ussd/index.js";
import type { UssdResponseData } from "../payloads.js";
import { defineRequest } from "./request.js";

export const ussdBody = z.strictObject({
  /** `new`: dial `code`; `reply`: answer the open menu with `text`; `cancel`: end it. */
  session: z
    .enum(["new", "reply", "cancel"], { error: "must be new, reply or cancel" })
    .default("new"),
  code: z.string({ error: "expected the USSD code (a string), e.g. *100#" }).optional(),
  text: z.string({ error: "expected the reply to the menu (a string)" }).optional(),
  timeoutSeconds: z
    .number({ error: "must be a number of seconds" })
    .positive("must be more than 0")
    .max(180, "at most 180 seconds")
    .optional(),
});

export type UssdBody = z.output<typeof ussdBody>;

/** A validated body → the service's request: `new` needs `code`, `reply` needs `text`. */
export function ussdRequestOf(b: UssdBody): UssdRequest {
  const timeout = b.timeoutSeconds === undefined ? {} : { timeoutSeconds: b.timeoutSeconds };
  if (b.session === "cancel") return { session: "cancel" };
  if (b.session === "reply") {
    // `code` is accepted for the reply too: a menu answer is a string like any other.
    const text = b.text ?? b.code;
    if (text === undefined)
      throw new SmsgwError("mqtt.invalid-request", "`text`: a reply needs the text to send");
    return { session: "reply", text, ...timeout };
  }
  if (b.code === undefined)
    throw new SmsgwError(
      "mqtt.invalid-request",
      "`code`: a new USSD request needs the code, e.g. *100#",
    );
  return { session: "new", code: b.code, ...timeout };
}

/**
 * Sends a USSD code (or answers or cancels an open menu) and answers with the network's reply:
 * `status` done, further-action (a menu waits: `sessionOpen`), terminated, other-client,
 * not-supported, timeout or error. One dialogue at a time (`ussd.busy`).
 */
export const ussd = defineRequest({
  summary:
    "Sends a USSD code (*100#) or answers or cancels an open menu; answers with the network's reply.",
  body: ussdBody,
  expected: 'like {"code": "*100#"} or {"session": "reply", "text": "1"}',
  slow: true,
  async handle(body, ctx): Promise<UssdResponseData> {
    const request = ussdRequestOf(body);
    if (ctx.ussd === undefined)
      throw new SmsgwError("ussd.unavailable", "USSD is off on this gateway (ussd.enabled)");
    return ctx.ussd.request(request);
  },
});
