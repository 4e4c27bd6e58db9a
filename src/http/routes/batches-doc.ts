import { batchBody } from "../batches/plan.js";
import type { RouteDoc } from "../openapi/route-doc.js";
import { batchIdParams, batchSchema, problemSchema } from "../openapi/schemas.js";

/** The OpenAPI descriptions of the routes of batches.ts, given where each is registered. */

const notFound = { description: "No such batch (`http.batch-not-found`)", schema: problemSchema };
const storeDown = {
  description: "The store cannot read or write (`http.store-unavailable`, `store.corrupt`)",
  schema: problemSchema,
  headers: { "Retry-After": "Seconds to wait" },
};

export const batchCreateDoc: RouteDoc = {
  summary: "Send one text (with `{{name}}` placeholders) to many numbers, contacts and groups",
  description:
    "Each number gets an ordinary send (id `<batch id>:<n>`) at `low` priority unless `priority` is `normal`, so single messages go first. The batch and every message are on disk before the answer. The same `id` with the same request again queues only what is missing (200).",
  body: batchBody,
  responses: {
    200: {
      description: "A retry of the same batch: what was missing is queued",
      schema: batchSchema,
    },
    202: {
      description: "Queued (durably)",
      schema: batchSchema,
      headers: { Location: "`/api/v1/batches/<id>`" },
    },
    400: {
      description:
        "A field is wrong, missing or unknown (`mqtt.invalid-request`), the body is not JSON (`http.invalid-json`), a recipient is not a number (`recipients.<i>`), or a placeholder has no value; `fields` names each",
      schema: problemSchema,
    },
    409: {
      description: "The `id` is taken by another request (`http.id-conflict`)",
      schema: problemSchema,
    },
    413: {
      description:
        "A recipient's text needs more than `sms.maxParts` SMS (`sms.too-many-parts`), more numbers than `http.batches.maxRecipients` (`http.batch-too-large`), or the body is over `http.maxBodyBytes` (`http.payload-too-large`)",
      schema: problemSchema,
    },
    429: {
      description:
        "The outbox has no room for all (`sms.queue-full`): those that fit are queued, the rest are `missing`; send the same request again later",
      schema: problemSchema,
      headers: { "Retry-After": "Seconds to wait" },
    },
    503: storeDown,
  },
};

export const batchReadDoc: RouteDoc = {
  summary: "Where each message of a batch stands",
  params: batchIdParams,
  responses: {
    200: { description: "The batch", schema: batchSchema },
    404: notFound,
    503: storeDown,
  },
};

export const batchCancelDoc: RouteDoc = {
  summary: "Cancel every message of a batch not yet sent; those sent stay sent",
  description: "A retry of the batch's POST then queues nothing.",
  params: batchIdParams,
  responses: {
    200: { description: "Cancelled: the batch now", schema: batchSchema },
    404: notFound,
    503: storeDown,
  },
};
