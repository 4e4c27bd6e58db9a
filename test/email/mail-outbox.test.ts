import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { emailSchema } from "../../src/config/sections/email.js";
import { MailOutbox, type OutboxTimers } from "../../src/email/mail-outbox.js";
import { relaySender } from "../../src/email/relay.js";
import { MailSink } from "./support/mail-sink.js";

/** Timers a test moves by hand: the outbox's backoff without waiting for it. */
class HandTimers implements OutboxTimers {
  at = 1_000_000;
  private pending: Array<{ due: number; fn: () => void; handle: object }> = [];
  now = () => this.at;
  set = (fn: () => void, ms: number) => {
    const handle = {};
    this.pending.push({ due: this.at + ms, fn, handle });
    return handle;
  };
  clear = (h: unknown) => {
    this.pending = this.pending.filter((p) => p.handle !== h);
  };
  /** Moves the clock and runs what fell due. */
  advance(ms: number): void {
    this.at += ms;
    const due = this.pending.filter((p) => p.due <= this.at);
    this.pending = this.pending.filter((p) => p.due > this.at);
    for (const p of due) p.fn();
  }
}

const RETRY = { firstMs: 30_000, maxMs: 3_600_000, attempts: 5 };
const MAIL = { id: "m1", to: ["ops@example.com"], subject: "SMS from alice", text: "hello" };

let dir: string;
let sink: MailSink;
let timers: HandTimers;
let outbox: MailOutbox | undefined;

function relay(port: number) {
  return relaySender(
    emailSchema.parse({ relay: { host: "127.0.0.1", port, tls: "none", from: "gw@example.com" } })
      .relay,
  );
}

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "email-outbox-"));
  sink = await MailSink.start();
  timers = new HandTimers();
});

afterEach(async () => {
  await outbox?.close();
  outbox = undefined;
  await sink.stop();
  await rm(dir, { recursive: true, force: true });
});

describe("the mail outbox", () => {
  it("hands a queued mail to the relay with the gateway's sender address", async () => {
    outbox = await MailOutbox.open(dir, relay(sink.port), RETRY, timers);
    await outbox.enqueue(MAIL);
    await outbox.whenIdle();
    expect(sink.mails).toEqual([
      {
        from: "gw@example.com",
        to: ["ops@example.com"],
        subject: "SMS from alice",
        text: "hello\n",
      },
    ]);
  });

  it("keeps a mail while the relay is down and sends it once the relay is back", async () => {
    await sink.stop();
    outbox = await MailOutbox.open(dir, relay(sink.port), RETRY, timers);
    await outbox.enqueue(MAIL);
    await outbox.whenIdle();
    expect(outbox.pending().map((m) => m.attempts)).toEqual([1]);
    await sink.listen();
    timers.advance(RETRY.firstMs);
    await outbox.whenIdle();
    expect([sink.mails.map((m) => m.subject), outbox.pending()]).toEqual([["SMS from alice"], []]);
  });

  it("waits twice as long after each failed attempt", async () => {
    await sink.stop();
    outbox = await MailOutbox.open(dir, relay(sink.port), RETRY, timers);
    await outbox.enqueue(MAIL);
    await outbox.whenIdle();
    timers.advance(RETRY.firstMs);
    await outbox.whenIdle();
    const [m] = outbox.pending();
    expect(m === undefined ? undefined : [m.attempts, m.dueAt - timers.at]).toEqual([2, 60_000]);
  });

  it("sends a mail kept while the relay was down after a restart of the gateway", async () => {
    await sink.stop();
    outbox = await MailOutbox.open(dir, relay(sink.port), RETRY, timers);
    await outbox.enqueue(MAIL);
    await outbox.whenIdle();
    await outbox.close();
    await sink.listen();
    timers.advance(RETRY.firstMs);
    outbox = await MailOutbox.open(dir, relay(sink.port), RETRY, timers);
    await outbox.whenIdle();
    expect(sink.mails.map((m) => m.text)).toEqual(["hello\n"]);
  });

  it("queues the same id once, even after the mail was sent", async () => {
    outbox = await MailOutbox.open(dir, relay(sink.port), RETRY, timers);
    await outbox.enqueue(MAIL);
    await outbox.whenIdle();
    await outbox.enqueue(MAIL);
    await outbox.whenIdle();
    expect(sink.mails).toHaveLength(1);
  });

  it("gives a mail up at once when the relay refuses it for good (5xx)", async () => {
    const refusing = async () => {
      throw Object.assign(new Error("mailbox unavailable"), { responseCode: 550 });
    };
    outbox = await MailOutbox.open(dir, refusing, RETRY, timers);
    await outbox.enqueue(MAIL);
    await outbox.whenIdle();
    expect(outbox.pending()).toEqual([]);
  });

  it("gives a mail up after its attempts", async () => {
    await sink.stop();
    outbox = await MailOutbox.open(dir, relay(sink.port), { ...RETRY, attempts: 2 }, timers);
    await outbox.enqueue(MAIL);
    await outbox.whenIdle();
    timers.advance(RETRY.firstMs);
    await outbox.whenIdle();
    expect(outbox.pending()).toEqual([]);
  });

  it("resolves enqueue without waiting for a relay that never answers", async () => {
    const hanging = () => new Promise<void>(() => {});
    outbox = await MailOutbox.open(dir, hanging, RETRY, timers);
    await outbox.enqueue(MAIL);
    await outbox.enqueue({ ...MAIL, id: "m2" });
    expect(outbox.pending().map((m) => m.id)).toEqual(["m1", "m2"]);
  });
});
