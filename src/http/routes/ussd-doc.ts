import { z } from "zod";
import { ussd } from "../../mqtt/handlers/index.js";
import type { RouteDoc } from "../openapi/route-doc.js";
import { problemSchema } from "../openapi/schemas.js";

/** The OpenAPI descriptions of the routes of ussd.ts. */

const ussdResultSchema = z
  .object({
    status: z
      .enum([
        "done",
        "further-action",
        "terminated",
        "other-client",
        "not-supported",
        "timeout",
        "error",
      ])
      .describe("The network's verdict (`+CUSD: <m>`), or `timeout` / `error`"),
    text: z.string().describe('The network\'s text, decoded; "" when it sent none'),
    dcs: z.number().int().optional().describe("The data coding scheme the network named"),
    sessionOpen: z.boolean().describe('A menu waits for `session: "reply"`'),
  })
  .describe("The answer of MQTT's `bridge/response/ussd`");

const balanceSchema = z
  .object({
    balance: z
      .object({
        amount: z.number(),
        currency: z.string().nullable(),
        text: z.string().describe("The text the amount was read from"),
        source: z.enum(["ussd", "sms"]),
        at: z.string().describe("ISO 8601 time"),
      })
      .nullable()
      .describe("null until the first reading"),
  })
  .describe("The answer of MQTT's `bridge/response/balance/check`");

const busy = {
  description:
    "Another USSD dialogue is open or waiting (`ussd.busy`), or a reply/cancel finds none open (`ussd.no-session`)",
  schema: problemSchema,
};
const notReady = {
  description: "The modem is not registered and ready (`ussd.not-ready`)",
  schema: problemSchema,
  headers: { "Retry-After": "Seconds" },
};
const unavailable = {
  description:
    "This gateway offers no USSD (`ussd.enabled` false; no `balance.code`): `ussd.unavailable`",
  schema: problemSchema,
};

export const ussdDoc: RouteDoc = {
  summary: "Send a USSD code (*100#), answer an open menu or cancel it",
  description:
    "The body of MQTT's `bridge/request/ussd`: `code` for a new dialogue, `text` to answer a menu (`session: reply`), `session: cancel` to end it. Answered when the network has (at most `timeoutSeconds`). One dialogue at a time.",
  body: ussd.body,
  responses: {
    200: {
      description: "The network answered (a menu too: `sessionOpen`)",
      schema: ussdResultSchema,
    },
    409: busy,
    501: unavailable,
    502: {
      description: "The modem refused the request (`status: error`, `text` says why)",
      schema: ussdResultSchema,
    },
    503: notReady,
    504: {
      description: "No answer from the network in time (`status: timeout`); the dialogue is ended",
      schema: ussdResultSchema,
    },
  },
};

export const balanceCheckDoc: RouteDoc = {
  summary: "Check the SIM's balance now",
  description:
    "No body (or `{}`). Dials `balance.code` and answers with the amount read. An operator that answers by SMS: the last reading (the new one follows on `<base>/modem`).",
  responses: {
    200: { description: "The reading (or the last one)", schema: balanceSchema },
    409: busy,
    501: unavailable,
    503: notReady,
  },
};
