import { z } from "zod";

/** USSD (`*100#` and friends) over the modem: requests, menus and their timeouts. */
export const ussdSchema = z.strictObject({
  enabled: z
    .boolean()
    .default(true)
    .describe("Answer USSD requests (bridge/request/ussd, smsgw ussd)"),
  requestEncoding: z
    .enum(["text", "packed"], { error: "must be text or packed" })
    .default("text")
    .describe(
      "How the modem wants USSD strings: text (SIMCom, Quectel) or packed (GSM 7-bit as hex: Huawei sticks)",
    ),
  timeoutSeconds: z
    .number()
    .positive("must be a positive number of seconds")
    .max(180, "at most 180 seconds")
    .default(30)
    .describe("How long a request waits for the network's answer, in seconds, unless it says"),
  idleTimeoutSeconds: z
    .number()
    .positive("must be a positive number of seconds")
    .max(600, "at most 600 seconds")
    .default(60)
    .describe("An open USSD menu nobody answers is cancelled after this many seconds"),
});
