import type { AddressInfo } from "node:net";
import { simpleParser } from "mailparser";
import { SMTPServer } from "smtp-server";

/** A mail the sink received: its envelope and the parsed subject and text. */
export interface SunkMail {
  from: string;
  to: string[];
  subject: string;
  text: string;
}

/**
 * A loopback SMTP server standing in for the relay: it keeps every mail it is given. It can be
 * stopped (the relay is down: connections are refused) and started again on the same port.
 */
export class MailSink {
  readonly mails: SunkMail[] = [];
  private server: SMTPServer | undefined;
  port = 0;

  static async start(): Promise<MailSink> {
    const sink = new MailSink();
    await sink.listen();
    return sink;
  }

  async listen(): Promise<void> {
    const server = new SMTPServer({
      authOptional: true,
      disabledCommands: ["STARTTLS", "AUTH"],
      logger: false,
      onData: (stream, session, cb) => {
        simpleParser(stream).then(
          (m) => {
            this.mails.push({
              from: session.envelope.mailFrom === false ? "" : session.envelope.mailFrom.address,
              to: session.envelope.rcptTo.map((r) => r.address),
              subject: m.subject ?? "",
              text: m.text ?? "",
            });
            cb();
          },
          (err: Error) => cb(err),
        );
      },
    });
    await new Promise<void>((resolve) => server.listen(this.port, "127.0.0.1", () => resolve()));
    this.port = (server as unknown as { server: { address(): AddressInfo } }).server.address().port;
    this.server = server;
  }

  /** The relay goes down: it stops listening (and answers nobody) until listen() again. */
  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (server !== undefined) await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
