import { z } from "zod";
import { secret } from "../../util/secret.js";
import { text } from "./fields.js";

const PREFIX = /^\+[0-9]{1,15}$/;

/** One account of the Kannel `sendsms` door, as Kannel's `sendsms-user` group. */
const kannelUser = z.strictObject({
  username: text()
    .pipe(z.string().min(1, "must not be empty"))
    .describe("Kannel `username` (or `user`) a client sends"),
  password: secret(
    text().pipe(
      z.string().min(8, "at least 8 characters: it travels in URLs and guards the modem"),
    ),
  ).describe("Kannel `password` (or `pass`) of this user; redacted from logs"),
  allowedPrefixes: z
    .array(
      z
        .string()
        .regex(PREFIX, 'an international prefix: "+" and 1 to 15 digits, e.g. "+49" or "+4917"'),
    )
    .default([])
    .describe(
      'Numbers this user may text, by international prefix (e.g. ["+49"]); empty: any number the SMS policy allows',
    ),
  defaultSender: z
    .string()
    .min(1)
    .optional()
    .describe(
      "Sender reported in dlr-url callbacks (%p, %q) when a request has no `from` (the SIM's own number is what the phone sees)",
    ),
  maxMessages: z
    .number()
    .int("must be a whole number")
    .min(1, "at least 1 SMS")
    .optional()
    .describe(
      "Most SMS one text of this user may take (a longer text is refused); absent: sms.maxParts",
    ),
});

/** Kannel's own sendsms-port (13013), as a second listener serving only `/cgi-bin/sendsms`. */
const kannelListen = z
  .strictObject({
    address: z
      .string()
      .min(1, "an address to listen on, e.g. 127.0.0.1 or 0.0.0.0")
      .optional()
      .describe("Address of the second listener; absent: the same as http.listen"),
    port: z
      .number()
      .int("must be a whole number")
      .min(0, "a TCP port, 0–65535 (0: any free port)")
      .max(65535, "a TCP port, 0–65535 (0: any free port)")
      .default(13013)
      .describe(
        "TCP port of the second listener (Kannel's sendsms-port is 13013; 0: any free port)",
      ),
  })
  .optional()
  .describe(
    "A second listener serving only /cgi-bin/sendsms (HTTPS too when http.tls is set), so a URL copied from a Kannel set-up works as is; absent: none",
  );

export const kannelSchema = z
  .strictObject({
    users: z
      .array(kannelUser)
      .default([])
      .superRefine((users, ctx) => {
        const seen = new Set<string>();
        for (const [i, u] of users.entries()) {
          if (seen.has(u.username))
            ctx.addIssue({
              code: "custom",
              path: [i, "username"],
              message: `the username "${u.username}" is given twice`,
            });
          seen.add(u.username);
        }
      })
      .describe(
        "Accounts of GET|POST /cgi-bin/sendsms (like Kannel's sendsms-user); empty: the route is off. No default user",
      ),
    listen: kannelListen,
  })
  .superRefine((k, ctx) => {
    if (k.listen !== undefined && k.users.length === 0)
      ctx.addIssue({
        code: "custom",
        path: ["listen"],
        message:
          "a second listener for /cgi-bin/sendsms needs at least one user in http.kannel.users",
      });
  })
  .prefault({})
  .describe("Kannel-compatible /cgi-bin/sendsms (docs/http-api.md, Coming from Kannel)");

export type KannelConfig = z.output<typeof kannelSchema>;
export type KannelUser = KannelConfig["users"][number];
