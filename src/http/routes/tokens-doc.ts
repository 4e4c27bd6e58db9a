import type { RouteDoc } from "../openapi/route-doc.js";
import {
  createdTokenSchema,
  problemSchema,
  tokenIdParams,
  tokenListSchema,
  tokenRevokedSchema,
} from "../openapi/schemas.js";
import { tokenCreateBody } from "./token-body.js";

/** The OpenAPI descriptions of the routes of tokens.ts, given where each is registered. */

const storeDown = {
  description: "The token file cannot be read or written (`http.store-unavailable`)",
  schema: problemSchema,
  headers: { "Retry-After": "Seconds to wait" },
};

export const tokenListDoc: RouteDoc = {
  summary: "The API tokens, without their secrets",
  description: "The same tokens `smsgw token list` shows.",
  responses: { 200: { description: "The tokens", schema: tokenListSchema }, 503: storeDown },
};

export const tokenCreateDoc: RouteDoc = {
  summary: "Make an API token",
  description:
    "The secret is in the 201 answer and nowhere else: only its hash is kept. The same checks as `smsgw token create`.",
  body: tokenCreateBody,
  responses: {
    201: {
      description: "Made",
      schema: createdTokenSchema,
      headers: { Location: "`/api/v1/tokens/<id>`", "Cache-Control": "`no-store`" },
    },
    400: {
      description:
        "A field is wrong, missing or unknown (`mqtt.invalid-request`, `fields` names each), the body is not JSON (`http.invalid-json`), or the name or a scope is not valid or the name is taken (`http.token-invalid`)",
      schema: problemSchema,
    },
    503: storeDown,
  },
};

export const tokenRevokeDoc: RouteDoc = {
  summary: "Revoke an API token: refused by every door from the next request on",
  params: tokenIdParams,
  responses: {
    200: { description: "Revoked", schema: tokenRevokedSchema },
    404: { description: "No such token (`http.token-not-found`)", schema: problemSchema },
    503: storeDown,
  },
};
