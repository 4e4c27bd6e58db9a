import { z } from "zod";
import { secret } from "../../util/secret.js";
import { count, seconds, text } from "./fields.js";

/** An e-mail address as written in the config: `local@domain`, no display name. */
export const MAIL_ADDRESS = /^[^\s@<>()[\],;:"]+@[^\s@<>()[\],;:"]+$/;

const address = z
  .string()
  .regex(MAIL_ADDRESS, "an e-mail address such as alerts@example.com")
  .describe("E-mail address");

const port = (def: number) =>
  z
    .number()
    .int("must be a whole number")
    .min(0, "a TCP port, 0–65535 (0: any free port)")
    .max(65535, "a TCP port, 0–65535 (0: any free port)")
    .default(def);

const validRegex = z.string().refine((s) => {
  try {
    new RegExp(s, "m");
    return true;
  } catch {
    return false;
  }
}, "not a valid regular expression");

/** Where a trimmed mail ends: signatures, quoted replies, forwarded-message markers. */
export const DEFAULT_CUT_AT = [
  "^-- ?$",
  "^_{5,}\\s*$",
  "^-{3,} ?Original Message ?-{3,}",
  "^On .+ wrote:\\s*$",
  "^Am .+ schrieb .+:\\s*$",
  "^>",
  "^Sent from my ",
];

const smtpSchema = z.strictObject({
  enabled: z
    .boolean()
    .default(false)
    .describe(
      "Accept mail and send it as SMS (docs/email.md); off: no listener and none of its code loaded",
    ),
  listen: z
    .string()
    .min(1, "an address to listen on, e.g. 127.0.0.1 or 0.0.0.0")
    .default("127.0.0.1")
    .describe("Address the SMTP listener binds; 127.0.0.1 is this machine only, 0.0.0.0 the LAN"),
  port: port(2525).describe("TCP port of the SMTP listener (0: any free port)"),
  domains: z
    .array(z.string().min(1).toLowerCase())
    .default([])
    .describe(
      "Domains recipients are written at (<number>@sms.local); empty: any domain. Others get 550",
    ),
  tls: z
    .strictObject({
      cert: z.string().min(1).describe("Server certificate chain (PEM file)"),
      key: z.string().min(1).describe("Server private key (PEM file)"),
    })
    .optional()
    .describe("Offer STARTTLS with these PEM files (absent: plain SMTP)"),
  allowPlainAuth: z
    .boolean()
    .default(false)
    .describe(
      "Allow AUTH without STARTTLS (passwords in clear text: loopback only); with `tls` unset and this off, AUTH is not offered",
    ),
  users: z
    .array(
      z.strictObject({
        name: z.string().min(1).describe("SMTP AUTH user name"),
        password: secret(text().pipe(z.string().min(8, "at least 8 characters"))).describe(
          "SMTP AUTH password; secret, never logged",
        ),
      }),
    )
    .default([])
    .describe("Users who may send after SMTP AUTH (PLAIN/LOGIN), from any sender address"),
  allowedSenders: z
    .array(z.string().min(1).toLowerCase())
    .default([])
    .describe(
      "Sender addresses allowed without AUTH; `*` is a wildcard (`*@example.com`). Anyone else gets 550. The envelope sender can be forged: keep the listener on loopback or a trusted LAN",
    ),
  maxPerSenderPerHour: count()
    .default(20)
    .describe(
      "SMS one sender (address or AUTH user) may queue per rolling hour; one more recipient gets 452",
    ),
  text: z
    .enum(["body", "subject"])
    .default("body")
    .describe("What becomes the SMS text: the plain-text body (else the subject) or the subject"),
  cutAt: z
    .array(validRegex)
    .default(DEFAULT_CUT_AT)
    .describe(
      "Regular expressions, each matched against one line of the body: the first matching line and all after it are cut (signatures, quoted replies)",
    ),
  maxMessageBytes: count()
    .max(10_485_760, "at most 10485760 bytes (10 MiB)")
    .default(262_144)
    .describe("Mail larger than this many bytes is refused (552)"),
  deliveryNotice: z
    .boolean()
    .default(false)
    .describe(
      "Mail the sender a notice once each SMS is sent or failed (needs `email.relay.host`)",
    ),
});

const relaySchema = z.strictObject({
  host: z
    .string()
    .min(1)
    .optional()
    .describe("SMTP relay that sends our mail (absent: no mail is sent)"),
  port: port(587).describe("TCP port of the relay (587 submission, 465 implicit TLS, 25)"),
  tls: z
    .enum(["required", "implicit", "opportunistic", "none"])
    .default("required")
    .describe(
      "required: STARTTLS or refuse; implicit: TLS from the first byte (port 465); opportunistic: STARTTLS when offered; none: plain",
    ),
  user: z.string().min(1).optional().describe("User name at the relay (absent: no AUTH)"),
  password: secret(text()).optional().describe("Password at the relay; secret, never logged"),
  from: address.default("smsgw@localhost").describe("Sender address of mail from the gateway"),
  retry: z
    .strictObject({
      firstSeconds: seconds(30).describe(
        "Wait after a failed attempt, in seconds; doubles after each",
      ),
      maxSeconds: seconds(3600).describe("Longest wait between attempts, in seconds"),
      attempts: count().default(50).describe("Attempts in all before a mail is given up (logged)"),
    })
    .prefault({})
    .describe("Retries while the relay is down or refuses for now"),
});

export const emailSchema = z
  .strictObject({
    smtp: smtpSchema.prefault({}).describe("E-mail → SMS: the SMTP listener (off by default)"),
    relay: relaySchema.prefault({}).describe("SMS → e-mail: the SMTP relay mail is sent through"),
    forwardAll: z
      .array(address)
      .default([])
      .describe("Addresses every received SMS is mailed to (needs `email.relay.host`)"),
    subject: z
      .string()
      .min(1)
      .default("SMS from {{name}}")
      .describe("Subject template of a received SMS mailed on ({{from}}, {{name}}, {{text}})"),
    body: z
      .string()
      .min(1)
      .default("{{text}}\n\nFrom: {{from}}\nReceived: {{receivedAt}}")
      .describe(
        "Body template of a received SMS mailed on ({{from}}, {{name}}, {{text}}, {{receivedAt}})",
      ),
  })
  .superRefine((c, ctx) => {
    const needRelay = (path: Array<string | number>, what: string) =>
      ctx.addIssue({ code: "custom", path, message: `${what} needs email.relay.host` });
    if (c.relay.host === undefined) {
      if (c.forwardAll.length > 0) needRelay(["forwardAll"], "mailing received SMS");
      if (c.smtp.deliveryNotice) needRelay(["smtp", "deliveryNotice"], "a delivery notice");
    }
    if (c.smtp.enabled && c.smtp.allowedSenders.length === 0 && c.smtp.users.length === 0)
      ctx.addIssue({
        code: "custom",
        path: ["smtp", "allowedSenders"],
        message: "the SMTP listener would refuse every mail: name allowedSenders or users",
      });
    if (c.relay.password !== undefined && c.relay.user === undefined)
      ctx.addIssue({
        code: "custom",
        path: ["relay", "user"],
        message: "a relay password needs its user",
      });
    if (c.relay.retry.maxSeconds < c.relay.retry.firstSeconds)
      ctx.addIssue({
        code: "custom",
        path: ["relay", "retry", "maxSeconds"],
        message: "must be ≥ firstSeconds",
      });
  });

export type EmailConfig = z.output<typeof emailSchema>;
