import { z } from "zod";

/**
 * `automation.onReceive`: a program run for each received SMS with Gammu SMSD's RunOnReceive
 * variables. Off until `exec` names a program.
 */
export const onReceiveSchema = z.strictObject({
  exec: z
    .array(z.string().min(1, "must not be empty"))
    .min(1, "name the program (then its arguments)")
    .optional()
    .describe(
      "Program and arguments, run without a shell: [/usr/local/bin/on-sms, --flag]; absent: off",
    ),
  timeoutSeconds: z
    .number()
    .positive("must be a positive number of seconds")
    .default(120)
    .describe("Seconds a run may take before it is killed (Gammu's limit: 120)"),
  concurrency: z
    .number()
    .int("must be a whole number")
    .min(1, "at least 1")
    .max(16, "at most 16")
    .default(1)
    .describe("Runs at once; more messages wait their turn (1: one after the other, as Gammu)"),
  uid: z
    .number()
    .int("must be a whole number")
    .min(0, "a user id is 0 or more")
    .optional()
    .describe(
      "Numeric user id to run as (the gateway needs the right to switch); default: the gateway's",
    ),
  gid: z
    .number()
    .int("must be a whole number")
    .min(0, "a group id is 0 or more")
    .optional()
    .describe("Numeric group id to run as; default: the gateway's"),
});
