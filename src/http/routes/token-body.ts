import { z } from "zod";
import { SCOPES } from "../tokens.js";

/**
 * The body of `POST /api/v1/tokens`: validated with this and described by it. Scopes are
 * strings here so an unknown one gets the token store's message listing the known ones.
 */
export const tokenCreateBody = z.strictObject({
  name: z.string({ error: "expected the token's name (a string)" }),
  scopes: z
    .array(z.string({ error: "a scope is a string" }).describe(`One of ${SCOPES.join(", ")}`), {
      error: 'expected a list of scopes, e.g. ["messages:send"]',
    })
    .min(1, "give at least one scope"),
});
