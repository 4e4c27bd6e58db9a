import { validate as validCron } from "node-cron";
import { z } from "zod";
import { text } from "./fields.js";

/** An amount followed by its currency: `12.34 EUR`, `Balance: 5,20 €` (not a date before it). */
export const DEFAULT_BALANCE_PATTERN =
  "(?<amount>-?\\d+(?:[.,]\\d+)*)\\s*(?<currency>[A-Z]{3}|€|\\$|£|руб)";

function compiles(pattern: string): string | undefined {
  try {
    const re = new RegExp(pattern);
    if (!/\(\?<amount>/.test(re.source)) return "needs a named group (?<amount>…)";
    return undefined;
  } catch (err) {
    return `not a valid regular expression (${(err as Error).message})`;
  }
}

/** `balance`: the SIM's prepaid credit, read by USSD (or the operator's SMS) on a schedule. */
export const balanceSchema = z
  .strictObject({
    code: z
      .string()
      .min(1, "must not be empty")
      .max(182, "a USSD code has at most 182 characters")
      .optional()
      .describe("USSD code that asks for the balance, e.g. *100#"),
    cron: z
      .string()
      .refine((c) => validCron(c), "not a valid cron expression (e.g. 0 8 * * * for 08:00 daily)")
      .optional()
      .describe("When to check, as cron (0 8 * * * = 08:00 daily); absent: only on demand"),
    parse: z
      .string()
      .superRefine((p, ctx) => {
        const problem = compiles(p);
        if (problem !== undefined) ctx.addIssue({ code: "custom", message: problem });
      })
      .default(DEFAULT_BALANCE_PATTERN)
      .describe(
        "Regular expression that finds the amount in the answer: named groups amount and (optionally) currency",
      ),
    currency: z
      .string()
      .min(1)
      .max(8)
      .optional()
      .describe("Currency shown when the answer names none (EUR); also Home Assistant's unit"),
    lowBelow: z
      .number()
      .optional()
      .describe("An SMS alert goes to alertTo when the amount falls below this"),
    alertTo: z
      .array(text().pipe(z.string().min(1)))
      .min(1, "name at least one recipient")
      .optional()
      .describe("Numbers or contact names of the automation that get the low-credit alert"),
    hysteresis: z
      .number()
      .min(0)
      .default(0)
      .describe("How far above lowBelow the amount must rise before the alert counts as over"),
    fromSms: text()
      .pipe(z.string().min(1))
      .optional()
      .describe(
        "Sender whose SMS carries the balance, for operators that answer the code by SMS (e.g. Vodafone)",
      ),
  })
  .superRefine((b, ctx) => {
    if (b.code === undefined && b.fromSms === undefined)
      ctx.addIssue({ code: "custom", path: ["code"], message: "give code, fromSms or both" });
    if (b.lowBelow !== undefined && b.alertTo === undefined)
      ctx.addIssue({ code: "custom", path: ["alertTo"], message: "lowBelow needs alertTo" });
  });
