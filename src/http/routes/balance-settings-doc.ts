import { z } from "zod";
import type { RouteDoc } from "../openapi/route-doc.js";

const readingSchema = z.object({
  amount: z.number(),
  currency: z.string().nullable(),
  text: z.string().describe("The text the amount was read from"),
  source: z.enum(["ussd", "sms"]),
  at: z.string().describe("ISO 8601 time"),
});

const settingsSchema = z.object({
  code: z.string().optional().describe("The USSD code that asks for the balance"),
  cron: z.string().optional().describe("When it is checked; absent: only on demand"),
  parse: z.string().describe("The regular expression that finds the amount"),
  currency: z.string().optional(),
  lowBelow: z.number().optional(),
  alertTo: z.array(z.string()).optional(),
  hysteresis: z.number(),
  fromSms: z.string().optional().describe("The sender whose SMS carries the balance"),
});

export const balanceSettingsDoc: RouteDoc = {
  summary: "The balance check as configured, and the last reading",
  description:
    "`settings` is the `balance` section of smsgw.yaml (null when there is none); `balance` the last reading (null until the first). Read-only. Admin only: `alertTo` names people.",
  tag: "ussd",
  responses: {
    200: {
      description: "The settings and the last reading",
      schema: z.object({
        settings: settingsSchema.nullable(),
        balance: readingSchema.nullable(),
      }),
    },
  },
};
