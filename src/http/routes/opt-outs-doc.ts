import type { RouteDoc } from "../openapi/route-doc.js";
import {
  optOutListSchema,
  optOutNumberParams,
  optOutRemovedSchema,
  optOutSchema,
  problemSchema,
} from "../openapi/schemas.js";

/** The OpenAPI descriptions of the routes of opt-outs.ts, given where each is registered. */

const badNumber = {
  description: "Not a phone number (`sms.invalid-number`, `fields` names `number`)",
  schema: problemSchema,
};
const storeDown = {
  description: "The store cannot write (`http.store-unavailable`)",
  schema: problemSchema,
  headers: { "Retry-After": "Seconds to wait" },
};

export const optOutListDoc: RouteDoc = {
  summary: "The opt-out list: numbers no message is sent to",
  description: "The same list a stop keyword by SMS adds to.",
  responses: { 200: { description: "The list", schema: optOutListSchema } },
};

export const optOutAddDoc: RouteDoc = {
  summary: "Put a number on the opt-out list",
  description: "Durable before the answer. Messages to it are refused from then on.",
  params: optOutNumberParams,
  responses: {
    200: { description: "It was on the list already", schema: optOutSchema },
    201: { description: "Added", schema: optOutSchema },
    400: badNumber,
    503: storeDown,
  },
};

export const optOutRemoveDoc: RouteDoc = {
  summary: "Take a number off the opt-out list: messages to it go out again",
  params: optOutNumberParams,
  responses: {
    200: { description: "Removed", schema: optOutRemovedSchema },
    400: badNumber,
    404: {
      description: "The number is not on the list (`http.opt-out-not-found`)",
      schema: problemSchema,
    },
    503: storeDown,
  },
};
