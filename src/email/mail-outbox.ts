import { join } from "node:path";
import { createLogger } from "../log.js";
import { DurableFile } from "../store/durable-file.js";

const log = createLogger("email:outbox");

/** One mail to send, kept until the relay took it or it is given up. */
export interface QueuedMail {
  id: string;
  to: string[];
  subject: string;
  text: string;
  /** Queue order: mail goes out in the order it was queued. */
  seq: number;
  attempts: number;
  /** When the next attempt is due (ms since the epoch). */
  dueAt: number;
}

interface OutboxDoc {
  mails: Record<string, QueuedMail>;
  /** Ids of mail already sent or given up, with when: the same id again is not a second mail. */
  done: Record<string, number>;
  seq: number;
}

/** Hands one mail to the relay; throws when it was not taken (an SMTP reply code when known). */
export type SendMail = (mail: { to: string[]; subject: string; text: string }) => Promise<void>;

export interface MailRetry {
  /** First wait after a failed attempt; it doubles after each. */
  firstMs: number;
  maxMs: number;
  /** Attempts in all before a mail is given up (logged as an error). */
  attempts: number;
}

/** Timers the outbox waits with (tests pass their own to step through the backoff). */
export interface OutboxTimers {
  now(): number;
  set(fn: () => void, ms: number): unknown;
  clear(handle: unknown): void;
}

const realTimers: OutboxTimers = {
  now: Date.now,
  set: (fn, ms) => setTimeout(fn, ms).unref(),
  clear: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
};

export const MAIL_OUTBOX_FILE = "email-outbox.json";
/** How long a sent mail's id is remembered, so an SMS handed on again is not mailed twice. */
const DONE_MEMORY_MS = 7 * 24 * 3_600_000;

/**
 * Mail to send through the relay, durable: `enqueue` resolves once the mail is on disk, and
 * each is kept until the relay accepted it, so neither a relay that is down nor a restart loses
 * one. Failed attempts wait a doubling time; a permanent refusal (5xx) is given up at once.
 * Sending runs apart from enqueueing: a relay that hangs never holds up receiving SMS.
 */
export class MailOutbox {
  private readonly timers: OutboxTimers;
  private timer: unknown;
  private sending = false;
  private closed = false;
  private readonly idle = new Set<() => void>();

  private constructor(
    private readonly file: DurableFile<OutboxDoc>,
    private readonly sendMail: SendMail,
    private readonly retry: MailRetry,
    timers: OutboxTimers | undefined,
  ) {
    this.timers = timers ?? realTimers;
  }

  static async open(
    dir: string,
    sendMail: SendMail,
    retry: MailRetry,
    timers?: OutboxTimers,
  ): Promise<MailOutbox> {
    const file = await DurableFile.open<OutboxDoc>(
      join(dir, MAIL_OUTBOX_FILE),
      () => ({ mails: {}, done: {}, seq: 0 }),
      {
        normalise: (raw) => {
          const d = (raw ?? {}) as Partial<OutboxDoc>;
          return { mails: d.mails ?? {}, done: d.done ?? {}, seq: d.seq ?? 0 };
        },
      },
    );
    const outbox = new MailOutbox(file, sendMail, retry, timers);
    outbox.schedule();
    return outbox;
  }

  /**
   * Queues a mail; resolves once it is on disk. The same id again (an SMS handed on twice
   * after a restart) is one mail.
   */
  async enqueue(mail: { id: string; to: readonly string[]; subject: string; text: string }) {
    const d = this.file.data;
    if (d.mails[mail.id] !== undefined || d.done[mail.id] !== undefined) return;
    await this.file.update((doc) => {
      const seq = ++doc.seq;
      doc.mails[mail.id] = {
        id: mail.id,
        to: [...mail.to],
        subject: mail.subject,
        text: mail.text,
        seq,
        attempts: 0,
        dueAt: this.timers.now(),
      };
    });
    this.schedule();
  }

  /** Mail not yet taken by the relay, oldest first. */
  pending(): QueuedMail[] {
    return Object.values(this.file.data.mails).sort((a, b) => a.seq - b.seq);
  }

  /** Resolves when nothing is due now and no attempt is under way (tests). */
  whenIdle(): Promise<void> {
    if (!this.sending && !this.pending().some((m) => m.dueAt <= this.timers.now()))
      return Promise.resolve();
    return new Promise((resolve) => this.idle.add(resolve));
  }

  /** Looks again for mail that is due (after a test moved its clock). */
  poke(): void {
    this.schedule();
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.timer !== undefined) this.timers.clear(this.timer);
    // An attempt under way is not waited for (a hanging relay must not hold up a stop): its
    // outcome is not recorded, so the mail is tried again after the restart.
    await this.file.close();
  }

  private schedule(): void {
    if (this.closed || this.sending) return;
    if (this.timer !== undefined) this.timers.clear(this.timer);
    this.timer = undefined;
    const now = this.timers.now();
    const pending = this.pending();
    // One mail at a time, oldest first; one waiting for its retry does not hold up the others.
    const due = pending.find((m) => m.dueAt <= now);
    if (due !== undefined) {
      void this.sendNext(due);
      return;
    }
    if (pending.length > 0) {
      const next = Math.min(...pending.map((m) => m.dueAt));
      this.timer = this.timers.set(() => this.schedule(), next - now);
    }
    this.settle();
  }

  private settle(): void {
    for (const resolve of this.idle) resolve();
    this.idle.clear();
  }

  private async sendNext(mail: QueuedMail): Promise<void> {
    this.sending = true;
    let failure: unknown;
    try {
      await this.sendMail({ to: mail.to, subject: mail.subject, text: mail.text });
    } catch (err) {
      failure = err;
    }
    try {
      if (!this.closed) await this.record(mail, failure);
    } catch (err) {
      log.error({ err: String(err), id: mail.id }, "could not record a mail attempt");
    } finally {
      this.sending = false;
      this.schedule();
    }
  }

  private async record(mail: QueuedMail, failure: unknown): Promise<void> {
    const now = this.timers.now();
    const attempts = mail.attempts + 1;
    const permanent = refusedForGood(failure);
    const giveUp = failure !== undefined && (permanent || attempts >= this.retry.attempts);
    const waitMs = Math.min(this.retry.firstMs * 2 ** (attempts - 1), this.retry.maxMs);
    if (failure === undefined) log.info({ id: mail.id, attempts }, "mail sent");
    else if (giveUp)
      log.error(
        { id: mail.id, attempts, reason: reasonOf(failure) },
        permanent ? "the relay refused the mail for good" : "mail given up after its attempts",
      );
    else
      log.warn(
        { id: mail.id, attempts, reason: reasonOf(failure), retryInMs: waitMs },
        "mail not sent; trying again later",
      );
    await this.file.update((d) => {
      const m = d.mails[mail.id];
      if (m === undefined) return;
      if (failure === undefined || giveUp) {
        delete d.mails[mail.id];
        d.done[mail.id] = now;
        for (const [id, at] of Object.entries(d.done))
          if (now - at > DONE_MEMORY_MS) delete d.done[id];
      } else {
        m.attempts = attempts;
        m.dueAt = now + waitMs;
      }
    });
  }
}

/**
 * Whether the relay refused this mail itself (a 5xx to its recipients or its content): sending
 * it again would be refused again. A 5xx to our login is not: that is the relay's settings,
 * and the mail waits while someone fixes them.
 */
function refusedForGood(err: unknown): boolean {
  const e = err as { responseCode?: unknown; code?: unknown } | undefined;
  return typeof e?.responseCode === "number" && e.responseCode >= 500 && e.code !== "EAUTH";
}

/** What went wrong, without the mail or any credential: the relay's reply or the error's code. */
function reasonOf(err: unknown): string {
  const e = err as { responseCode?: number; code?: string; message?: string } | undefined;
  if (e?.code === "EAUTH")
    return `the relay refused our login (${e.responseCode ?? "no code"}): check email.relay.user and password`;
  if (e?.responseCode !== undefined) return `relay answered ${e.responseCode}`;
  if (e?.code !== undefined) return e.code;
  return e?.message ?? String(err);
}
