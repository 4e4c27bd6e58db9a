import nodemailer from "nodemailer";
import type { EmailConfig } from "../config/schema.js";
import type { SendMail } from "./mail-outbox.js";

/** How long one attempt at the relay may take before it counts as failed (ms). */
const ATTEMPT_TIMEOUT_MS = 30_000;

/**
 * Sends through the configured SMTP relay with nodemailer: `tls: required` refuses a relay
 * without STARTTLS, `implicit` speaks TLS from the first byte (port 465). One connection per
 * mail: mail is rare, and a pooled connection would only go stale.
 */
export function relaySender(relay: EmailConfig["relay"]): SendMail {
  if (relay.host === undefined) throw new Error("email.relay.host is not set");
  const transport = nodemailer.createTransport({
    host: relay.host,
    port: relay.port,
    secure: relay.tls === "implicit",
    requireTLS: relay.tls === "required",
    ignoreTLS: relay.tls === "none",
    connectionTimeout: ATTEMPT_TIMEOUT_MS,
    greetingTimeout: ATTEMPT_TIMEOUT_MS,
    socketTimeout: ATTEMPT_TIMEOUT_MS,
    ...(relay.user === undefined ? {} : { auth: { user: relay.user, pass: relay.password ?? "" } }),
    // nodemailer's own logger would print the conversation, AUTH included.
    logger: false,
    debug: false,
  });
  return async (mail) => {
    await transport.sendMail({
      from: relay.from,
      to: mail.to,
      subject: mail.subject,
      text: mail.text,
    });
  };
}
