import type { RouteDoc } from "../openapi/route-doc.js";
import {
  inboundSchema,
  inboxIdParams,
  inboxPageSchema,
  messagePageSchema,
  problemSchema,
} from "../openapi/schemas.js";
import { inboxQuery, messagesQuery } from "./listing-query.js";

/** The OpenAPI descriptions of the routes of listing.ts, given where each is registered. */

const badQuery = {
  description:
    "An unknown or bad query parameter, or a cursor this API did not give (`mqtt.invalid-request`)",
  schema: problemSchema,
};

export const listDoc: RouteDoc = {
  summary: "Outbox and history, newest first, cursor-paginated",
  description:
    "The live queue first, then finished messages. Without `admin` only messages sent over HTTP, without their text.",
  query: messagesQuery,
  responses: { 200: { description: "One page", schema: messagePageSchema }, 400: badQuery },
};

export const inboxDoc: RouteDoc = {
  summary: "Received messages, newest first, cursor-paginated",
  description:
    "Those not yet handed on first, then the history. An incomplete multipart message has `complete: false` and `missingParts`. A remote-command attempt has `command: true` and its `commandOutcome` (while the command log keeps it).",
  query: inboxQuery,
  responses: { 200: { description: "One page", schema: inboxPageSchema }, 400: badQuery },
};

export const inboxMessageDoc: RouteDoc = {
  summary: "One received message",
  params: inboxIdParams,
  responses: {
    200: { description: "The message", schema: inboundSchema },
    404: { description: "No such message (`sms.not-found`)", schema: problemSchema },
  },
};
