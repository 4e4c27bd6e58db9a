import { z } from "zod";
import { withRenamedKeys } from "../../util/renamed-keys.js";
import { secret } from "../../util/secret.js";
import { base32Secret, seconds, text } from "./fields.js";

/** `automation.security`: who may run commands, with which code or PIN, and the lockout. */

export const totpSchema = z.strictObject({
  secret: base32Secret.describe(
    "Base32 secret, as authenticator apps use (at least 16 characters)",
  ),
  digits: z
    .union([z.literal(6), z.literal(7), z.literal(8)])
    .default(6)
    .describe("Code length"),
  periodSeconds: z.number().int().positive().default(30).describe("Time step in seconds"),
  algorithm: z.enum(["sha1", "sha256", "sha512"]).default("sha1").describe("HMAC algorithm"),
  /** Time steps accepted either side of now (clock drift, SMS delay). */
  window: z
    .number()
    .int()
    .min(0)
    .max(10)
    .default(2)
    .describe("Time steps accepted either side of now (clock drift, SMS delay)"),
});

export const hotpSchema = z.strictObject({
  secret: base32Secret.describe("Base32 secret (at least 16 characters)"),
  digits: z
    .union([z.literal(6), z.literal(7), z.literal(8)])
    .default(6)
    .describe("Code length"),
  algorithm: z.enum(["sha1", "sha256", "sha512"]).default("sha1").describe("HMAC algorithm"),
  /** Codes ahead of the last accepted counter that are still accepted (RFC 4226 §7.4). */
  lookAhead: z
    .number()
    .int()
    .min(1)
    .max(100)
    .default(10)
    .describe("Codes ahead of the last accepted counter that are still accepted"),
});

export const userSchema = z
  .strictObject({
    /** A contact name or a number. */
    who: text().pipe(z.string().min(1)).describe("A contact name or a phone number"),
    /** Command names (including status, help, ping) this sender may run; `*` = all. */
    allow: z
      .array(z.string().min(1))
      .min(1)
      .describe("Command names (including status, help, ping) this sender may run; * = all"),
    totp: totpSchema
      .optional()
      .describe("Time-based one-time codes (RFC 6238); each code is accepted once"),
    hotp: hotpSchema
      .optional()
      .describe("Counter-based one-time codes (RFC 4226); each code is accepted once"),
    /** Static PIN, for owners who prefer convenience over replay protection. */
    pin: secret(
      text().pipe(
        z
          .string()
          .regex(
            /^\d{6,12}$/,
            "a PIN is 6 to 12 digits: a shorter one can be guessed under the lockout within months (totp is safer still)",
          ),
      ),
    )
      .optional()
      .describe("Static PIN of 6–12 digits: convenient, but anyone who saw it can replay it"),
  })
  .superRefine((u, ctx) => {
    const n = [u.totp, u.hotp, u.pin].filter((x) => x !== undefined).length;
    if (n > 1) ctx.addIssue({ code: "custom", message: "choose one of totp, hotp or pin" });
  });

export const builtinSchema = (secret: boolean) =>
  z
    .strictObject({
      enabled: z.boolean().default(true).describe("Whether the built-in command answers"),
      secret: z.boolean().default(secret).describe("Whether it needs the code or PIN"),
    })
    .prefault({});

export const securityObject = z.strictObject({
  users: z
    .array(userSchema)
    .default([])
    .describe("Who may run which commands, and their second factor"),
  builtins: z
    .strictObject({
      status: builtinSchema(true).describe("STATUS: signal, operator, uptime, queue and counters"),
      help: builtinSchema(false).describe("HELP: the patterns this sender may run"),
      ping: builtinSchema(false).describe("PING: answers PONG"),
    })
    .prefault({})
    .describe("The built-in commands"),
  lockout: withRenamedKeys(
    z.strictObject({
      threshold: z
        .number()
        .int()
        .positive()
        .default(5)
        .describe("Failures within windowSeconds that lock a sender out"),
      windowSeconds: seconds()
        .default(15 * 60)
        .describe("Window in seconds over which failures count"),
      durationSeconds: seconds()
        .default(60 * 60)
        .describe("Lockout length in seconds"),
      backoffAfter: z
        .number()
        .int()
        .positive()
        .default(10)
        .describe(
          "Failures (since the last success, however slow) after which every further failure locks, for durationSeconds doubling each time (at most 7 days)",
        ),
    }),
    [
      { from: "windowMinutes", to: "windowSeconds", unit: "minutes" },
      { from: "durationMinutes", to: "durationSeconds", unit: "minutes" },
    ],
  )
    .prefault({})
    .describe("Lockout after repeated failures (stored, survives restarts)"),
  rateLimit: z
    .strictObject({
      /** Command messages accepted from one sender per hour; more are ignored. */
      commandsPerHour: z
        .number()
        .int()
        .positive()
        .default(30)
        .describe("Command messages accepted from one sender per rolling hour"),
      /** Replies to commands sent per hour in total (auto-replies have their own budget). */
      repliesPerHour: z
        .number()
        .int()
        .positive()
        .default(60)
        .describe("Replies to commands the gateway sends per rolling hour"),
      autoRepliesPerHour: z
        .number()
        .int()
        .positive()
        .default(20)
        .describe(
          "Auto-replies sent per hour in total: their own budget, so strangers can't use up command replies",
        ),
    })
    .prefault({})
    .describe("Rate limits of commands and replies"),
  /** Known senders get a short reason when refused (the reply goes to the real owner). */
  replyOnFailure: z
    .boolean()
    .default(true)
    .describe("Known senders get a short reason when refused"),
  /** Commands older than this (e.g. found in the queue after a restart) are not run. */
  maxCommandAgeSeconds: seconds()
    .default(10 * 60)
    .describe("Commands older than this many seconds (e.g. queued during an outage) are not run"),
});
/** Durations were once in minutes: the old key still works (deprecated). */
export const securitySchema = withRenamedKeys(securityObject, [
  { from: "maxCommandAgeMinutes", to: "maxCommandAgeSeconds", unit: "minutes" },
]);
