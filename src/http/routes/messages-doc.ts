import { send } from "../../mqtt/handlers/index.js";
import type { RouteDoc } from "../openapi/route-doc.js";
import {
  cancelledSchema,
  messageIdParams,
  messageSchema,
  previewSchema,
  problemSchema,
  sendResponseSchema,
} from "../openapi/schemas.js";
import { previewBody } from "../preview.js";

/** The OpenAPI descriptions of the routes of messages.ts, given where each is registered. */

const notFound = { description: "No such message (`sms.not-found`)", schema: problemSchema };

export const sendDoc: RouteDoc = {
  summary: "Queue an SMS; answered once it is on disk",
  description:
    "The body of MQTT's `bridge/request/send`. A list of numbers makes one message per number (ids `<id>:<number>`). Also accepted, for Home Assistant's rest notify, Traccar and sms-gammu-gateway: `message` for `text`, `number` or `phone` for `to`, and `title` (the text's first line); two names for one field are refused.",
  body: send.body,
  responses: {
    200: {
      description: "The same `id` with the same body was queued before: the message as it is now",
      schema: sendResponseSchema,
    },
    202: {
      description: "Queued (durably)",
      schema: sendResponseSchema,
      headers: { Location: "`/api/v1/messages/<id>` (one recipient only)" },
    },
    400: {
      description:
        "A field is wrong, missing or unknown (`mqtt.invalid-request`), the body is not JSON (`http.invalid-json`), or the SMS service refuses the number or text (`sms.invalid-number`, `sms.destination-denied`, `sms.empty-text`, …); `fields` names each",
      schema: problemSchema,
    },
    409: {
      description: "The `id` is taken by another number, text or priority (`http.id-conflict`)",
      schema: problemSchema,
    },
    413: {
      description:
        "The text needs more than `sms.maxParts` SMS (`sms.too-many-parts`), or the body is over `http.maxBodyBytes` (`http.payload-too-large`)",
      schema: problemSchema,
    },
    429: {
      description: "The queue's share for the doors is full (`sms.queue-full`)",
      schema: problemSchema,
      headers: { "Retry-After": "Seconds to wait" },
    },
    503: {
      description:
        "The store cannot write (`http.store-unavailable`); never because the modem is down",
      schema: problemSchema,
      headers: { "Retry-After": "Seconds to wait" },
    },
  },
};

export const previewDoc: RouteDoc = {
  summary: "What a text costs: encoding, SMS count, each part, the characters forcing UCS-2",
  description: "Nothing is queued. The SMS codec's own plan, so it is what a send does.",
  body: previewBody,
  responses: {
    200: { description: "The plan", schema: previewSchema },
    400: {
      description:
        "A field is wrong or unknown (`mqtt.invalid-request`), or a forced `gsm7` meets other characters (`pdu.unencodable`)",
      schema: problemSchema,
    },
  },
};

export const readDoc: RouteDoc = {
  summary: "A message's state",
  description:
    "The fields of `<base>/status/<id>` plus encoding, priority and times; the text for `admin` only. Other doors' messages answer 404 unless the token is `admin`.",
  params: messageIdParams,
  responses: { 200: { description: "The message", schema: messageSchema }, 404: notFound },
};

export const cancelDoc: RouteDoc = {
  summary: "Cancel a message not yet sent",
  params: messageIdParams,
  responses: {
    200: { description: "Cancelled: its final status", schema: cancelledSchema },
    400: { description: "Not a message id (`mqtt.invalid-request`)", schema: problemSchema },
    404: notFound,
    409: {
      description: "Already sent, delivered, failed or expired (`sms.not-cancellable`)",
      schema: problemSchema,
    },
  },
};
