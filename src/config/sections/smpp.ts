import { z } from "zod";
import { secret } from "../../util/secret.js";
import { count, seconds, text } from "./fields.js";

const PREFIX = /^\+[0-9]{1,15}$/;

/** One ESME account: what it binds with and what it may do. */
const smppAccount = z.strictObject({
  systemId: text()
    .pipe(
      z
        .string()
        .regex(
          /^[A-Za-z0-9_.]{1,16}$/,
          "1 to 16 letters, digits, _ or . (SMPP's system_id; it is part of each message id)",
        ),
    )
    .describe("SMPP system_id the ESME binds with"),
  password: secret(
    text().pipe(
      z
        .string()
        .min(8, "at least 8 characters: it guards the modem")
        .max(64, "at most 64 characters"),
    ),
  ).describe(
    "SMPP password of this account; redacted from logs (SMPP 3.4 allows 8 characters, most ESMEs send more)",
  ),
  allowedPrefixes: z
    .array(
      z
        .string()
        .regex(PREFIX, 'an international prefix: "+" and 1 to 15 digits, e.g. "+49" or "+4917"'),
    )
    .default([])
    .describe(
      'Numbers this account may text, by international prefix (e.g. ["+49"]); empty: any number the SMS policy allows',
    ),
  throughput: z
    .number()
    .positive("a positive number of submit_sm per second")
    .optional()
    .describe(
      "Most submit_sm per second this account may send (over all its sessions); more are answered ESME_RTHROTTLED; absent: no limit",
    ),
  dataCoding0: z
    .enum(["gsm", "latin1"])
    .default("gsm")
    .describe(
      "What data_coding 0 means for this account: gsm (GSM 7-bit, one septet per octet, the spec) or latin1 (what many ESMEs send)",
    ),
  receiveInbound: z
    .boolean()
    .default(true)
    .describe("Whether inbound SMS are delivered to this account's receivers (deliver_sm)"),
  inboundDestination: z
    .string()
    .regex(/^(\+?[0-9]{1,20}|[\x20-\x7E]{1,11})$/, {
      message: "a number (+ and up to 20 digits) or up to 11 printable ASCII characters",
    })
    .default("smsgw")
    .describe(
      "destination_addr of the inbound SMS delivered to this account: the SIM's own number, or what the ESME routes on (Kannel discards a deliver_sm without one)",
    ),
});

export const smppSchema = z
  .strictObject({
    enabled: z.boolean().default(false).describe("Run the SMPP server"),
    listen: z
      .string()
      .min(1, "an address to listen on, e.g. 127.0.0.1 or 0.0.0.0")
      .default("127.0.0.1")
      .describe("Address the SMPP server listens on (127.0.0.1: this machine only)"),
    port: z
      .number()
      .int("must be a whole number")
      .min(0, "a TCP port, 0–65535 (0: any free port)")
      .max(65535, "a TCP port, 0–65535 (0: any free port)")
      .default(2775)
      .describe("TCP port of the SMPP server (2775 is SMPP's; 0: any free port)"),
    tls: z
      .strictObject({
        cert: z.string().min(1).describe("Server certificate chain (PEM file)"),
        key: z.string().min(1).describe("Server private key (PEM file)"),
      })
      .optional()
      .describe("Speak SMPP over TLS with these PEM files (absent: plain TCP)"),
    accounts: z
      .array(smppAccount)
      .default([])
      .superRefine((accounts, ctx) => {
        const seen = new Set<string>();
        for (const [i, a] of accounts.entries()) {
          if (seen.has(a.systemId))
            ctx.addIssue({
              code: "custom",
              path: [i, "systemId"],
              message: `the systemId "${a.systemId}" is given twice`,
            });
          seen.add(a.systemId);
        }
      })
      .describe("ESME accounts (system_id, password); no default account"),
    bindTimeoutSeconds: seconds(30).describe(
      "A connection that has not bound after this many seconds is closed",
    ),
    enquireLinkSeconds: seconds(30).describe(
      "Seconds between the server's enquire_link to a bound session",
    ),
    inactivitySeconds: seconds(300).describe(
      "A session that sends no PDU for this many seconds is unbound and closed",
    ),
    responseTimeoutSeconds: seconds(60).describe(
      "Seconds an ESME has to answer an enquire_link or deliver_sm before the session is closed (its deliveries wait for the next bind)",
    ),
    windowSize: count()
      .max(1000, "at most 1000")
      .default(10)
      .describe(
        "Unanswered deliver_sm per session, and submit_sm in progress per session (more are answered ESME_RTHROTTLED)",
      ),
    maxSessions: count()
      .max(1000, "at most 1000")
      .default(20)
      .describe("Most connections at once; more are closed at once"),
    authFailures: z
      .strictObject({
        max: count().default(10).describe("Failed binds per client address allowed in the window"),
        windowSeconds: seconds(60).describe(
          "The window, in seconds; past `max` failures the address's binds fail until it ends",
        ),
      })
      .prefault({})
      .describe("Limit on failed binds per client address"),
  })
  .superRefine((s, ctx) => {
    if (s.enabled && s.accounts.length === 0)
      ctx.addIssue({
        code: "custom",
        path: ["accounts"],
        message: "the SMPP server needs at least one account in smpp.accounts",
      });
  });

export type SmppConfig = z.output<typeof smppSchema>;
export type SmppAccount = SmppConfig["accounts"][number];
