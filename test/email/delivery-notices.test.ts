import { EventEmitter } from "node:events";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { DeliveryNotices } from "../../src/email/delivery-notices.js";
import { MailOutbox } from "../../src/email/mail-outbox.js";
import type { OutboundMessage } from "../../src/sms/types.js";

/** The SMS service as the notices see it: events, and each message's status now. */
class Outbound extends EventEmitter {
  readonly now = new Map<string, OutboundMessage>();
  get(id: string): OutboundMessage | undefined {
    return this.now.get(id);
  }
  change(m: OutboundMessage): void {
    this.now.set(m.id, m);
    this.emit("outbound", m);
  }
}

const queued = { id: "s1", to: "+491701234567", status: "queued" } as OutboundMessage;
const sentMsg = { ...queued, status: "sent" } as OutboundMessage;

let dir: string;
let outbox: MailOutbox;
let notices: DeliveryNotices;
const mails: Array<{ to: string[]; subject: string }> = [];

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "email-notices-"));
  mails.length = 0;
  outbox = await MailOutbox.open(
    dir,
    async (m) => {
      mails.push({ to: m.to, subject: m.subject });
    },
    { firstMs: 1000, maxMs: 1000, attempts: 1 },
  );
});

afterEach(async () => {
  await notices.close();
  await outbox.close();
  await rm(dir, { recursive: true, force: true });
});

describe("delivery notices", () => {
  it("mail the sender once a watched SMS is sent", async () => {
    const service = new Outbound();
    notices = await DeliveryNotices.open(dir, service, outbox);
    await notices.watch("nas@example.com", [queued]);
    service.change(sentMsg);
    await notices.settled();
    await outbox.whenIdle();
    expect(mails).toEqual([{ to: ["nas@example.com"], subject: "SMS to +491701234567 sent" }]);
  });

  it("mail the sender of an SMS sent before its watch was written", async () => {
    const service = new Outbound();
    notices = await DeliveryNotices.open(dir, service, outbox);
    service.change(sentMsg);
    await notices.settled();
    await notices.watch("nas@example.com", [queued]);
    await notices.settled();
    await outbox.whenIdle();
    expect(mails.map((m) => m.subject)).toEqual(["SMS to +491701234567 sent"]);
  });

  it("name the failure when the SMS failed", async () => {
    const service = new Outbound();
    notices = await DeliveryNotices.open(dir, service, outbox);
    await notices.watch("nas@example.com", [queued]);
    service.change({ ...queued, status: "failed" } as OutboundMessage);
    await notices.settled();
    await outbox.whenIdle();
    expect(mails.map((m) => m.subject)).toEqual(["SMS to +491701234567 failed"]);
  });
});
