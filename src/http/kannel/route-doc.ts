import { z } from "zod";
import type { RouteDoc } from "../openapi/route-doc.js";
import { KANNEL } from "./replies.js";

/**
 * The OpenAPI description of `/cgi-bin/sendsms`. Kannel's parameters are read as bytes
 * (params.ts, sendsms.ts: the text is percent-encoded in its own charset), so this schema
 * describes them for readers and is not the validator.
 */

const param = (description: string) => z.string().optional().describe(description);

const sendsmsParams = z.object({
  username: param("A `http.kannel.users` username (or `user`)"),
  password: param("Its password (or `pass`); redacted from logs"),
  to: param("One or several numbers, separated by spaces (`%2B` for a leading +)"),
  text: param("The text, percent-encoded in `charset`"),
  charset: param("UTF-8 (default), UTF-16BE/UCS-2, ISO-8859-1, windows-1252, ASCII"),
  coding: param("0 or absent: GSM 7 when the text allows, else UCS-2; 2: UCS-2"),
  mclass: param("0: flash SMS; 1–3: normal"),
  validity: param("Minutes the network keeps trying"),
  deferred: param("Minutes to wait before sending"),
  priority: param("1–3: high; 0: normal"),
  "dlr-mask": param("Which delivery states to call `dlr-url` for (1, 2, 8, 16)"),
  "dlr-url": param("The callback URL, with Kannel's escapes (%d, %A, %I, %p, %P, %t, …)"),
  from: param("Kept for the %p/%q escapes only"),
  smsc: param("Kept for the %i escape only"),
});

const bodies = (list: readonly { body: string }[]) =>
  z.enum(list.map((r) => r.body) as [string, ...string[]]);

const text = (description: string, list: readonly { body: string }[]) => ({
  description,
  mediaType: "text/html",
  schema: bodies(list).describe("No trailing newline: clients compare the body exactly"),
});

export const sendsmsDoc: RouteDoc = {
  summary: "Kannel's sendsms: its parameters, answers and status codes",
  description:
    "Parameters in the query string (GET), a form body (POST), or `X-Kannel-*` headers with the text as a text/plain body (POST). On only when `http.kannel.users` lists a user.",
  tag: "kannel",
  query: sendsmsParams,
  body: sendsmsParams,
  bodyMediaTypes: ["application/x-www-form-urlencoded"],
  responses: {
    202: text("Queued durably; `3:` while the modem is not ready", [
      KANNEL.accepted,
      KANNEL.queued,
    ]),
    400: text("A parameter is missing or out of Kannel's range", [
      KANNEL.missingTo,
      KANNEL.missingToPost,
      KANNEL.emptyTo,
      KANNEL.denied,
      KANNEL.dlrUrl,
      KANNEL.dlrMask,
      KANNEL.mclass,
      KANNEL.coding,
      KANNEL.validity,
      KANNEL.deferred,
      KANNEL.priority,
      KANNEL.charset,
      KANNEL.udh,
      KANNEL.invalidContentType,
      KANNEL.tooLong,
    ]),
    403: text("Unknown user or wrong password", [KANNEL.authFailed]),
    413: text("The body is over `http.maxBodyBytes`", [KANNEL.tooLong]),
    415: text("An HTML, WML or XML body", [KANNEL.unsupportedContentType]),
    500: text("Anything else (logged)", [KANNEL.failed]),
    503: {
      ...text("The queue is full, the store cannot write, or too many failed logins", [
        KANNEL.temporal,
      ]),
      headers: { "Retry-After": "Seconds to wait (after failed logins)" },
    },
  },
};
