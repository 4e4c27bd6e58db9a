import { z } from "zod";
import type { RouteDoc } from "../openapi/route-doc.js";
import { problemSchema } from "../openapi/schemas.js";

/** The SIM routes (sim.ts): the PIN body and the OpenAPI descriptions. */

export const simPinBody = z.strictObject({
  pin: z.string().regex(/^\d{4,8}$/, "a SIM PIN is 4 to 8 digits"),
});

export const simView = z.object({
  sim: z
    .enum(["ready", "pin-required", "puk-required", "absent", "busy", "failure", "unknown"])
    .describe("The SIM as the modem last read it (AT+CPIN?)"),
  pinAttemptsLeft: z
    .number()
    .int()
    .nullable()
    .describe(
      "PIN attempts left (AT+SPIC, AT+QPINC or AT+CPINR); null when the modem does not say",
    ),
  state: z.string().describe("The modem's state"),
  reason: z.string().nullable().describe("Why, e.g. sim-pin-required, sim-pin-rejected"),
});

export const simGetDoc: RouteDoc = {
  summary: "The SIM's state and its PIN attempts left",
  tag: "modem",
  responses: { 200: { description: "The SIM now", schema: simView } },
};

export const simPinDoc: RouteDoc = {
  summary: "Give the SIM its PIN (never the last attempt)",
  description:
    "The modem enters it once (AT+CPIN) and reads the attempts left again first; watch GET /api/v1/modem/sim for the outcome. Refused while one attempt or an unknown number is left: a wrong PIN then locks the SIM behind its PUK.",
  tag: "modem",
  body: simPinBody,
  responses: {
    202: {
      description: "Handed to the modem",
      schema: z.object({ accepted: z.literal(true), message: z.string() }),
    },
    400: { description: "Not 4 to 8 digits (`mqtt.invalid-request`)", schema: problemSchema },
    409: {
      description: "The SIM wants no PIN, or a wrong one could lock it (`modem.pin-refused`)",
      schema: problemSchema,
    },
  },
};
