import { join } from "node:path";
import { createLogger } from "../log.js";
import type { OutboundMessage } from "../sms/types.js";
import { DurableFile } from "../store/durable-file.js";
import type { MailOutbox } from "./mail-outbox.js";

const log = createLogger("email:notices");

export const NOTICES_FILE = "email-notices.json";

/** Statuses a notice is sent for: the SMS left, or it never will. */
const NOTICE_STATUSES = new Set(["sent", "failed", "expired", "cancelled"]);

interface NoticesDoc {
  /** SMS id → the address the mail that asked for it came from. */
  watches: Record<string, string>;
}

/** What the notices follow of the SMS service. */
export interface OutboundEvents {
  get(id: string): OutboundMessage | undefined;
  on(event: "outbound", listener: (m: OutboundMessage) => void): unknown;
  off(event: "outbound", listener: (m: OutboundMessage) => void): unknown;
}

/**
 * Delivery notices (`email.smtp.deliveryNotice`): the SMS a mail became are watched, durably,
 * from before the mail is answered `250`; once one is sent or has failed, a notice is queued
 * in the mail outbox to the mail's sender.
 */
export class DeliveryNotices {
  private chain: Promise<void> = Promise.resolve();
  private readonly onOutbound = (m: OutboundMessage) => {
    this.chain = this.chain
      .then(() => this.observe(m))
      .catch((err: unknown) => log.error({ err: String(err), id: m.id }, "delivery notice lost"));
  };

  private constructor(
    private readonly file: DurableFile<NoticesDoc>,
    private readonly service: OutboundEvents,
    private readonly outbox: MailOutbox,
  ) {}

  static async open(
    dir: string,
    service: OutboundEvents,
    outbox: MailOutbox,
  ): Promise<DeliveryNotices> {
    const file = await DurableFile.open<NoticesDoc>(join(dir, NOTICES_FILE), () => ({
      watches: {},
    }));
    const notices = new DeliveryNotices(file, service, outbox);
    service.on("outbound", notices.onOutbound);
    // What finished while the gateway was down (or between the queueing and the watch).
    for (const id of Object.keys(file.data.watches)) {
      const m = service.get(id);
      if (m !== undefined) notices.onOutbound(m);
    }
    return notices;
  }

  /** Watches the SMS a mail from `replyTo` became; resolves once that is on disk. */
  async watch(replyTo: string, messages: readonly OutboundMessage[]): Promise<void> {
    await this.file.update((d) => {
      for (const m of messages) d.watches[m.id] = replyTo;
    });
    // Its status as it is now: it may have been sent between the queueing and this watch.
    for (const m of messages) this.onOutbound(this.service.get(m.id) ?? m);
  }

  async settled(): Promise<void> {
    await this.chain;
  }

  async close(): Promise<void> {
    this.service.off("outbound", this.onOutbound);
    await this.chain;
    await this.file.close();
  }

  private async observe(m: OutboundMessage): Promise<void> {
    const replyTo = this.file.data.watches[m.id];
    if (replyTo === undefined || !NOTICE_STATUSES.has(m.status)) return;
    const ok = m.status === "sent";
    await this.outbox.enqueue({
      id: `notice:${m.id}`,
      to: [replyTo],
      subject: ok ? `SMS to ${m.to} sent` : `SMS to ${m.to} ${m.status}`,
      text: ok
        ? `Your mail was sent as SMS to ${m.to} (id ${m.id}).\n`
        : `Your mail could not be sent as SMS to ${m.to} (id ${m.id}): ${m.status}${m.error === undefined ? "" : ` (${m.error.message})`}.\n`,
    });
    await this.file.update((d) => {
      delete d.watches[m.id];
    });
  }
}
