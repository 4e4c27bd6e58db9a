import { z } from "zod";
import { COMMAND_OUTCOMES } from "../../command-outcomes.js";
import type { RouteDoc } from "../openapi/route-doc.js";
import { commandAuditSchema, problemSchema } from "../openapi/schemas.js";

const LIMIT = "must be a whole number, 1 to 500";

export const commandAuditQuery = z.strictObject({
  limit: z.coerce
    .number({ error: LIMIT })
    .int(LIMIT)
    .min(1, LIMIT)
    .max(500, LIMIT)
    .default(100)
    .describe("Attempts to show, newest first, 1 to 500"),
  outcome: z
    .enum(COMMAND_OUTCOMES, { error: `must be one of ${COMMAND_OUTCOMES.join(", ")}` })
    .optional()
    .describe("Only attempts that ended so"),
});

export const commandAuditDoc: RouteDoc = {
  summary: "The last remote-command attempts (by SMS or call), newest first",
  description:
    "The same events as the MQTT topic `<base>/command`, the last 500 kept in the store directory (`command-log.json`). The code or PIN is never part of them. Empty when no automation is configured. Admin only: it lists people's numbers.",
  tag: "automation",
  query: commandAuditQuery,
  responses: {
    200: { description: "The attempts", schema: commandAuditSchema },
    400: {
      description: "An unknown or bad query parameter (`mqtt.invalid-request`)",
      schema: problemSchema,
    },
  },
};
