import { readFile } from "node:fs/promises";
import type { ForwardedSms, MailPort } from "../automation/ports.js";
import type { EmailConfig } from "../config/schema.js";
import { SmsgwError } from "../errors.js";
import { createLogger } from "../log.js";
import type { InboundMessage } from "../sms/types.js";
import { DeliveryNotices, type OutboundEvents } from "./delivery-notices.js";
import { mailOfSms } from "./inbound-mail.js";
import { MailOutbox, type OutboxTimers, type SendMail } from "./mail-outbox.js";
import type { ResolveRecipients } from "./recipients.js";
import type { MailSmsPort } from "./smtp-listener.js";

export { MailOutbox, type OutboxTimers, type SendMail } from "./mail-outbox.js";

const log = createLogger("email");

/** What the e-mail door uses of the SMS service (`SmsService` satisfies it). */
export interface EmailSmsPort extends MailSmsPort, OutboundEvents {
  on(event: "outbound", listener: Parameters<OutboundEvents["on"]>[1]): unknown;
  on(event: "inbound", listener: (m: InboundMessage) => void): unknown;
  off(event: "outbound", listener: Parameters<OutboundEvents["off"]>[1]): unknown;
  off(event: "inbound", listener: (m: InboundMessage) => void): unknown;
}

export interface EmailDoorOptions {
  config: EmailConfig;
  service: EmailSmsPort;
  storeDir: string;
  /** Contact and group names and numbers → phone numbers (as the HTTP batches resolve them). */
  resolve: ResolveRecipients;
  /** The contact name of a sender, for `{{name}}`. */
  nameOf: (m: InboundMessage) => string | undefined;
  /** Masks a one-time code in front of a command keyword before the text leaves by mail. */
  maskCode?: (text: string) => string;
  maxRecipients: number;
  /** Tests: how mail leaves (default: nodemailer through `config.relay`), and the outbox's timers. */
  sendMail?: SendMail;
  timers?: OutboxTimers;
}

/** The e-mail door, as the gateway holds it. */
export interface EmailDoor {
  /** The SMTP listener's port, when `email.smtp.enabled`. */
  readonly smtpPort: number | undefined;
  /** The outbox of mail through the relay, when `email.relay.host` is set. */
  readonly outbox: MailOutbox | undefined;
  /** Where `mailto:` forwards are queued (absent without a relay). */
  readonly mail: MailPort | undefined;
  close(): Promise<void>;
}

/**
 * Starts what `email` configures: the mail outbox and its relay (SMS → e-mail: `mailto:`
 * forwards, `forwardAll`, delivery notices) and the SMTP listener (e-mail → SMS). Loaded by
 * the gateway only when one of them is configured.
 */
export async function startEmailDoor(o: EmailDoorOptions): Promise<EmailDoor> {
  const { config } = o;
  const tls = config.smtp.enabled ? await readTls(config.smtp.tls) : undefined;
  // Each half loads its libraries only when configured: nodemailer for the relay,
  // smtp-server and mailparser for the listener.
  const sendMail =
    o.sendMail ??
    (config.relay.host === undefined
      ? undefined
      : (await import("./relay.js")).relaySender(config.relay));
  const outbox =
    sendMail === undefined
      ? undefined
      : await MailOutbox.open(
          o.storeDir,
          sendMail,
          {
            firstMs: config.relay.retry.firstSeconds * 1000,
            maxMs: config.relay.retry.maxSeconds * 1000,
            attempts: config.relay.retry.attempts,
          },
          o.timers,
        );
  const closers: Array<() => Promise<void>> = [];
  if (outbox !== undefined) closers.push(() => outbox.close());
  try {
    const mail: MailPort | undefined =
      outbox === undefined
        ? undefined
        : {
            forward: async (to: readonly string[], sms: ForwardedSms, id: string) =>
              outbox.enqueue({ id, to, ...mailOfSms(sms, config) }),
          };
    if (mail !== undefined && config.forwardAll.length > 0) {
      const onInbound = (m: InboundMessage) => {
        const sms = {
          from: m.from,
          name: o.nameOf(m) ?? m.from,
          text: o.maskCode?.(m.text) ?? m.text,
          receivedAt: m.receivedAt,
        };
        mail.forward(config.forwardAll, sms, `all:${m.id}`).catch((err: unknown) => {
          log.error({ err: String(err), id: m.id }, "could not queue the mail of a received SMS");
        });
      };
      o.service.on("inbound", onInbound);
      closers.unshift(async () => {
        o.service.off("inbound", onInbound);
      });
    }
    const notices =
      outbox !== undefined && config.smtp.enabled && config.smtp.deliveryNotice
        ? await DeliveryNotices.open(o.storeDir, o.service, outbox)
        : undefined;
    if (notices !== undefined) closers.unshift(() => notices.close());
    let smtpPort: number | undefined;
    if (config.smtp.enabled) {
      const { SmtpListener } = await import("./smtp-listener.js");
      const listener = new SmtpListener({
        config: config.smtp,
        service: o.service,
        resolve: o.resolve,
        maxRecipients: o.maxRecipients,
        ...(tls === undefined ? {} : { tls }),
        ...(notices === undefined
          ? {}
          : { onQueued: (replyTo, messages) => notices.watch(replyTo, messages) }),
      });
      smtpPort = await listener.listen();
      closers.unshift(() => listener.close());
    }
    return {
      smtpPort,
      outbox,
      mail,
      async close() {
        for (const close of closers) await close();
      },
    };
  } catch (err) {
    for (const close of closers) await close().catch(() => undefined);
    throw err;
  }
}

async function readTls(
  tls: EmailConfig["smtp"]["tls"],
): Promise<{ cert: Buffer; key: Buffer } | undefined> {
  if (tls === undefined) return undefined;
  const read = async (path: string, key: string) => {
    try {
      return await readFile(path);
    } catch (err) {
      throw new SmsgwError(
        "config.invalid",
        `email.smtp.tls.${key}: cannot read ${path} (${(err as Error).message})`,
      );
    }
  };
  return { cert: await read(tls.cert, "cert"), key: await read(tls.key, "key") };
}
