import { createHash, timingSafeEqual } from "node:crypto";
import type { AddressInfo } from "node:net";
import { simpleParser } from "mailparser";
import {
  SMTPServer,
  type SMTPServerAddress,
  type SMTPServerDataStream,
  type SMTPServerSession,
} from "smtp-server";
import type { EmailConfig } from "../config/schema.js";
import { isSmsgwError } from "../errors.js";
import { createLogger } from "../log.js";
import type { OutboundMessage, SendRequest } from "../sms/types.js";
import { smsTextOf } from "./mail-text.js";
import { phoneNumbersOf, type ResolveRecipients } from "./recipients.js";
import { refusalOfSendError } from "./send-refusal.js";
import { SenderQuota } from "./sender-quota.js";
import { senderAllowed } from "./sender-rules.js";
import { SmtpRefusal } from "./smtp-refusal.js";

const log = createLogger("email:smtp");

/** What the listener uses of the SMS service: the send the MQTT and HTTP doors use. */
export interface MailSmsPort {
  send(req: SendRequest): Promise<OutboundMessage[]>;
}

export interface SmtpListenerOptions {
  config: EmailConfig["smtp"];
  service: MailSmsPort;
  resolve: ResolveRecipients;
  /** `sms.maxRecipients`: one mail names at most this many phones. */
  maxRecipients: number;
  /** PEM contents for STARTTLS (read by the caller from `config.tls`). */
  tls?: { cert: Buffer; key: Buffer };
  /** Told of every mail that became SMS, with its envelope sender (for delivery notices). */
  onQueued?: (replyTo: string, messages: OutboundMessage[]) => Promise<void>;
  now?: () => number;
}

/** One mail transaction: who sends, and the phones its accepted recipients name so far. */
interface Transaction {
  sender: string;
  /** The envelope sender, where a delivery notice goes. */
  replyTo: string;
  phones: Set<string>;
}

/**
 * E-mail → SMS: an SMTP listener (smtp-server) that turns each accepted mail into one SMS per
 * phone its recipients name. Everything it will not send is refused during the SMTP dialogue
 * with a reply the client reports to its user, never accepted and dropped: a sender that is
 * not allowed, a recipient that is no number, a quota used up (RCPT), a text too long or a
 * destination the policy denies (after DATA). `250` comes only once the SMS are durably queued.
 */
export class SmtpListener {
  private readonly server: SMTPServer;
  private readonly quota: SenderQuota;
  private readonly transactions = new Map<string, Transaction>();
  private readonly cutAt: RegExp[];

  constructor(private readonly o: SmtpListenerOptions) {
    const c = o.config;
    this.quota = new SenderQuota(c.maxPerSenderPerHour, o.now);
    this.cutAt = c.cutAt.map((r) => new RegExp(r));
    const authOffered = c.users.length > 0 && (o.tls !== undefined || c.allowPlainAuth);
    this.server = new SMTPServer({
      banner: "smsgw mail to SMS",
      size: c.maxMessageBytes,
      // A stop waits this long (ms) for clients still connected: the gateway stops in seconds.
      closeTimeout: 2_000,
      authOptional: true,
      authMethods: ["PLAIN", "LOGIN"],
      allowInsecureAuth: c.allowPlainAuth,
      disabledCommands: authOffered ? [] : ["AUTH"],
      hideSTARTTLS: o.tls === undefined,
      ...(o.tls === undefined ? {} : { key: o.tls.key, cert: o.tls.cert }),
      // smtp-server's own logger prints the dialogue, AUTH lines included.
      logger: false,
      onAuth: (auth, _session, cb) => {
        const user = c.users.find((u) => u.name === auth.username);
        if (user !== undefined && sameSecret(user.password, auth.password ?? ""))
          return cb(null, { user: user.name });
        log.warn({ user: auth.username }, "SMTP AUTH failed");
        cb(new SmtpRefusal(535, "5.7.8", "authentication failed"));
      },
      onMailFrom: (address, session, cb) => {
        this.transactions.set(session.id, {
          sender: senderOf(address, session),
          replyTo: address.address,
          phones: new Set(),
        });
        cb();
      },
      onRcptTo: (address, session, cb) => cb(this.acceptRecipient(address, session)),
      onData: (stream, session, cb) => {
        this.receive(stream, session).then(
          (reply) => cb(null, reply),
          (err: unknown) => cb(err instanceof Error ? err : new Error(String(err))),
        );
      },
      onClose: (session) => {
        this.transactions.delete(session.id);
      },
    });
    this.server.on("error", (err) => log.warn({ err: err.message }, "SMTP connection error"));
  }

  async listen(): Promise<number> {
    await new Promise<void>((resolve, reject) => {
      this.server.once("error", reject);
      this.server.listen(this.o.config.port, this.o.config.listen, () => {
        this.server.off("error", reject);
        resolve();
      });
    });
    // smtp-server keeps its net.Server as `server`; the typings do not say so.
    const address = (
      this.server as unknown as { server: { address(): AddressInfo } }
    ).server.address();
    log.info({ listen: this.o.config.listen, port: address.port }, "SMTP listener started");
    return address.port;
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  /**
   * The sender's permission and each recipient are decided here, at RCPT: a client told
   * "no" for one recipient still sends to the others, and many clients handle a refusal at
   * RCPT better than one at MAIL FROM.
   */
  private acceptRecipient(address: SMTPServerAddress, session: SMTPServerSession): Error | null {
    const t = this.transactions.get(session.id);
    if (t === undefined) return new SmtpRefusal(503, "5.5.1", "MAIL FROM first");
    const c = this.o.config;
    if (session.user === undefined && !senderAllowed(t.sender, c.allowedSenders)) {
      log.warn({ sender: t.sender }, "mail refused: sender not allowed");
      return new SmtpRefusal(
        550,
        "5.7.1",
        c.users.length > 0
          ? "sender not allowed to send SMS; authenticate (AUTH) or use an allowed address"
          : "sender not allowed to send SMS",
      );
    }
    let phones: string[];
    try {
      phones = phoneNumbersOf(address.address, c.domains, this.o.resolve);
    } catch (err) {
      return err instanceof Error ? err : new Error(String(err));
    }
    const added = phones.filter((p) => !t.phones.has(p));
    if (t.phones.size + added.length > this.o.maxRecipients)
      return new SmtpRefusal(
        452,
        "4.5.3",
        `at most ${this.o.maxRecipients} phones per mail; send the rest in another mail`,
      );
    if (t.phones.size + added.length > this.quota.left(t.sender)) {
      log.warn({ sender: t.sender }, "mail refused: the sender's hourly quota is used up");
      return new SmtpRefusal(
        452,
        "4.7.1",
        `quota reached: at most ${c.maxPerSenderPerHour} SMS per hour from this sender; try later`,
      );
    }
    for (const p of added) t.phones.add(p);
    return null;
  }

  private async receive(stream: SMTPServerDataStream, session: SMTPServerSession): Promise<string> {
    const raw = await readAll(stream, this.o.config.maxMessageBytes);
    if (stream.sizeExceeded)
      throw new SmtpRefusal(
        552,
        "5.3.4",
        `the mail is larger than ${this.o.config.maxMessageBytes} bytes`,
      );
    const t = this.transactions.get(session.id);
    if (t === undefined || t.phones.size === 0)
      throw new SmtpRefusal(554, "5.5.1", "no valid recipients");
    const mail = await simpleParser(raw, { skipHtmlToText: false, skipImageLinks: true });
    const text = smsTextOf(
      { subject: mail.subject, text: mail.text },
      { source: this.o.config.text, cutAt: this.cutAt },
    );
    if (text === "")
      throw new SmtpRefusal(
        554,
        "5.6.0",
        this.o.config.text === "subject" ? "the subject is empty" : "the mail has no text",
      );
    const to = [...t.phones];
    const request: SendRequest = { to, text, origin: "email" };
    // The same mail again (a client that never saw our 250) is the same SMS, not a second one.
    if (mail.messageId !== undefined) request.id = idOf(t.sender, mail.messageId);
    // Checked again and counted before the send: two connections of one sender at once
    // each passed the check at RCPT.
    if (to.length > this.quota.left(t.sender))
      throw new SmtpRefusal(
        452,
        "4.7.1",
        `quota reached: at most ${this.o.config.maxPerSenderPerHour} SMS per hour from this sender; try later`,
      );
    this.quota.take(t.sender, to.length);
    let messages: OutboundMessage[];
    try {
      messages = await this.o.service.send(request);
    } catch (err) {
      this.quota.release(t.sender, to.length);
      const refusal = refusalOfSendError(err);
      log.warn({ sender: t.sender, reason: refusal.message }, "mail refused");
      throw refusal;
    }
    t.phones.clear();
    try {
      if (t.replyTo !== "") await this.o.onQueued?.(t.replyTo, messages);
    } catch (err) {
      // The SMS are queued: failing the mail now would send them twice when it is retried.
      log.error({ err: isSmsgwError(err) ? err.message : String(err) }, "delivery notice lost");
    }
    log.info({ sender: t.sender, messages: messages.length }, "mail queued as SMS");
    return `2.0.0 queued as ${messages.map((m) => m.id).join(", ")}`;
  }
}

/** The sender a quota counts: the AUTH user, else the envelope sender. */
function senderOf(address: SMTPServerAddress, session: SMTPServerSession): string {
  return session.user !== undefined ? `user:${session.user}` : address.address.toLowerCase();
}

function idOf(sender: string, messageId: string): string {
  return `mail-${createHash("sha256").update(`${sender}\n${messageId}`).digest("hex").slice(0, 32)}`;
}

/** Compares secrets in time independent of where they differ. */
function sameSecret(expected: string, given: string): boolean {
  const a = createHash("sha256").update(expected).digest();
  const b = createHash("sha256").update(given).digest();
  return timingSafeEqual(a, b);
}

/** The mail, read to its end; past `limit` bytes the rest is drained, not kept. */
async function readAll(stream: SMTPServerDataStream, limit: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    size += (chunk as Buffer).length;
    if (size <= limit) chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}
