import nodemailer from "nodemailer";

/** What the SMTP client was told: the reply code, or nothing when the mail was accepted. */
export interface SendOutcome {
  accepted: string[];
  rejected: string[];
  /** The reply of a refusal (the whole mail, or the last refused recipient). */
  code?: number;
  response?: string;
}

/**
 * Sends one mail with nodemailer to the gateway's SMTP listener, as a monitoring system would,
 * and reports what the server answered instead of throwing.
 */
export async function sendMail(
  port: number,
  mail: {
    from: string;
    to: string | string[];
    subject?: string;
    html?: string;
    text?: string;
    messageId?: string;
  },
  auth?: { user: string; pass: string },
  /** STARTTLS required, trusting this CA certificate (default: plain SMTP). */
  tls?: { ca: Buffer },
): Promise<SendOutcome> {
  const transport = nodemailer.createTransport({
    host: "127.0.0.1",
    port,
    secure: false,
    ...(tls === undefined ? { ignoreTLS: true } : { requireTLS: true, tls: { ca: tls.ca } }),
    ...(auth === undefined ? {} : { auth }),
    logger: false,
  });
  try {
    const info = await transport.sendMail({ ...mail, subject: mail.subject ?? "" });
    return {
      accepted: info.accepted.map(String),
      rejected: info.rejected.map(String),
      ...(info.rejectedErrors?.[0]?.responseCode === undefined
        ? {}
        : { code: info.rejectedErrors[0].responseCode }),
    };
  } catch (err) {
    const e = err as { responseCode?: number; response?: string; rejected?: string[] };
    return {
      accepted: [],
      rejected: e.rejected ?? [],
      ...(e.responseCode === undefined ? {} : { code: e.responseCode }),
      ...(e.response === undefined ? {} : { response: e.response }),
    };
  } finally {
    transport.close();
  }
}
