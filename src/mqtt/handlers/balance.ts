import { z } from "zod";
import { SmsgwError } from "../../errors.js";
import type { BalanceCheckData } from "../payloads.js";
import { defineRequest } from "./request.js";

/**
 * Dials the balance code now (Home Assistant's "Check balance" button) and answers with the
 * reading; an operator that answers by SMS gives the last reading, the new one follows on
 * `<base>/modem` when its SMS arrives.
 */
export const balanceCheck = defineRequest({
  summary: "Checks the SIM's balance now and answers with the amount read.",
  body: z.strictObject({}),
  expected: "(or an empty payload)",
  noArguments: true,
  slow: true,
  async handle(_body, ctx): Promise<BalanceCheckData> {
    if (ctx.balance === undefined)
      throw new SmsgwError("ussd.unavailable", "no balance check is configured (balance.code)");
    const reading = (await ctx.balance.check()) ?? ctx.balance.latest;
    return { balance: reading ?? null };
  },
});
