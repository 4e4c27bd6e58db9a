import { createLogger } from "../log.js";
import { normaliseNumber } from "../sms/numbers.js";
import { planParts } from "../sms/pdu/index.js";
import type { InboundMessage } from "../sms/types.js";
import type { Clock } from "./clock.js";
import type { AutoReplyConfig, ForwardConfig } from "./config-schema.js";
import type { Contacts } from "./contacts.js";
import { countInHour, type HourlyLimit } from "./lockout.js";
import { splitMailto } from "./mail-targets.js";
import type { Notifier } from "./notifier.js";
import type { MailPort } from "./ports.js";
import type { StateStore } from "./state.js";
import { renderTemplate } from "./template.js";

const log = createLogger("automation:forwarding");
const HOUR = 3_600_000;

export interface ForwardingOptions {
  forwarding: ForwardConfig[];
  autoReply: AutoReplyConfig[];
  contacts: Contacts;
  notifier: Notifier;
  state: StateStore;
  clock: Clock;
  /** The auto-replies' own hourly budget: a flood of strangers can't use up command replies. */
  replies: HourlyLimit;
  /** Masks a one-time code or PIN in front of a command keyword. */
  maskCode?: (text: string) => string;
  /**
   * Hands a received SMS to a rule's HTTP target; resolves once it is queued durably (the
   * gateway's webhook engine calls the receiver and retries). Absent: such rules only log.
   */
  httpForward?: (rule: ForwardConfig, m: InboundMessage) => Promise<void>;
  /** Where `mailto:` recipients go (the e-mail door's outbox); absent: none are configured. */
  mail?: MailPort;
}

/**
 * Forwarding (every matching rule forwards, to its recipients except the sender) and
 * auto-reply (the first matching rule answers). Auto-replies go only to real phone numbers —
 * never to short codes or alphanumeric senders, which are services that cannot read them and
 * may charge — and at most once per sender per rule's cooldown (persisted), so two gateways or
 * bots answering each other stop after one round. Forwarding has no such per-sender memory, so
 * each rule is capped at `maxPerHour` forwarded SMS (persisted): a ring of gateways, or a
 * forward to a number that auto-replies, stops there.
 */
export class Forwarding {
  private readonly patterns = new Map<string, RegExp>();
  private readonly warnedAt = new Map<string, number>();

  constructor(private readonly o: ForwardingOptions) {}

  async handle(m: InboundMessage, wasCommand: boolean): Promise<void> {
    for (const rule of this.o.forwarding) {
      if (wasCommand && !rule.includeCommands) continue;
      if (!this.matches(rule, m)) continue;
      if (rule.http !== undefined) await this.forwardHttp(rule, m);
      if (rule.to === undefined) continue;
      const { phones, mailboxes } = splitMailto(rule.to);
      if (mailboxes.length > 0) await this.mail(rule, mailboxes, m);
      if (phones.length === 0) continue;
      let numbers: string[];
      try {
        numbers = this.o.contacts.resolve(phones).filter((n) => !this.o.contacts.isNumber(n, m));
      } catch (err) {
        log.error({ err, rule: rule.name }, "forwarding recipients do not resolve");
        continue;
      }
      if (numbers.length === 0) continue;
      const text = renderTemplate(rule.template, {
        from: m.from,
        name: this.o.contacts.nameOf(m) ?? m.from,
        text: this.o.maskCode?.(m.text) ?? m.text,
        receivedAt: m.receivedAt,
      });
      // Parts are what the network charges: a 1,400-character SMS forwarded is 10 of them.
      const parts = partsOf(text);
      numbers = numbers.slice(0, (await this.takeForwards(rule, numbers.length, parts)) / parts);
      if (numbers.length === 0) continue;
      await this.o.notifier.sendTo(numbers, text, { id: `fwd:${rule.name}:${m.id}` });
    }
    if (!wasCommand) await this.autoReply(m);
  }

  private async forwardHttp(rule: ForwardConfig, m: InboundMessage): Promise<void> {
    if (this.o.httpForward === undefined) {
      log.warn(
        { rule: rule.name },
        "no HTTP forwarding in this gateway: rule's http target skipped",
      );
      return;
    }
    try {
      await this.o.httpForward(rule, m);
    } catch (err) {
      log.error({ err: String(err), rule: rule.name }, "could not queue an HTTP forward");
    }
  }

  /**
   * Queues the mail to the rule's mailboxes. A mail costs no SMS, so it is not counted against
   * `maxPerHour`; a mail outbox that cannot take it is logged and the SMS recipients still get
   * theirs.
   */
  private async mail(rule: ForwardConfig, to: string[], m: InboundMessage): Promise<void> {
    if (this.o.mail === undefined)
      return log.error({ rule: rule.name }, "mailto: recipients but no mail relay configured");
    try {
      await this.o.mail.forward(
        to,
        {
          from: m.from,
          name: this.o.contacts.nameOf(m) ?? m.from,
          text: this.o.maskCode?.(m.text) ?? m.text,
          receivedAt: m.receivedAt,
        },
        `fwd:${rule.name}:${m.id}`,
      );
    } catch (err) {
      log.error({ err, rule: rule.name }, "could not queue the forwarded mail");
    }
  }

  /**
   * Counts up to `n` forwarded SMS against the rule's `maxPerHour` over the last hour and
   * resolves with how many may go. Persisted before sending, so neither a crash nor a restart
   * loop resets the count that stops a forwarding ring.
   */
  private async takeForwards(rule: ForwardConfig, n: number, parts: number): Promise<number> {
    if (n === 0) return 0;
    const now = this.o.clock.now();
    const configured = (name: string) => this.o.forwarding.some((r) => r.name === name);
    const allowed = await countInHour(
      this.o.state,
      "forwards",
      rule.name,
      rule.maxPerHour,
      n * parts,
      now,
      configured,
      parts,
    );
    if (allowed < n * parts) this.warnCapped(rule, now);
    return allowed;
  }

  /** Once per hour per rule: a loop would otherwise log on every message. */
  private warnCapped(rule: ForwardConfig, now: number): void {
    const last = this.warnedAt.get(rule.name);
    if (last !== undefined && now - last < HOUR) return;
    this.warnedAt.set(rule.name, now);
    log.warn(
      { rule: rule.name, maxPerHour: rule.maxPerHour },
      "forwarding limit reached: not forwarding for this rule until its hourly count drops",
    );
  }

  private async autoReply(m: InboundMessage): Promise<void> {
    const rule = this.o.autoReply.find((r) => this.matches(r, m));
    if (rule === undefined) return;
    // Who may be answered: a phone number (never a chosen alphanumeric name, never a short
    // code: services that can't read it and may charge), and a stranger only when the rule says.
    const to = this.replyAddress(m);
    if (to === undefined) return;
    const named = !/[*?]/.test(rule.from); // one number or a contact/group: chosen by the owner
    if (!rule.allowUnknown && !named && this.o.contacts.nameOf(m) === undefined)
      return log.debug({ rule: rule.name }, "auto-reply only to contacts (allowUnknown is off)");
    const now = this.o.clock.now();
    const key = `${rule.name}|${to}`;
    const cooldown = rule.cooldownSeconds * 1000;
    const last = this.o.state.data.autoReplies[key];
    if (last !== undefined && now - last < cooldown)
      return log.debug({ rule: rule.name }, "auto-reply cooling down");
    if (!(await this.o.replies.take()))
      return log.warn({ rule: rule.name }, "reply limit reached: auto-reply not sent");
    const longest = Math.max(...this.o.autoReply.map((r) => r.cooldownSeconds)) * 1000;
    await this.o.state.update((s) => {
      s.autoReplies[key] = now;
      for (const [k, t] of Object.entries(s.autoReplies))
        if (now - t >= longest) delete s.autoReplies[k];
    });
    const text = renderTemplate(rule.reply, {
      from: m.from,
      text: m.text,
      name: this.o.contacts.nameOf(m),
    });
    await this.o.notifier.sendTo([to], text, { id: `autoreply:${m.id}` });
  }

  /** The sender as a number to answer (E.164 where known), or undefined when it is none. */
  private replyAddress(m: InboundMessage): string | undefined {
    const id = this.o.contacts.identify(m);
    if (id.alphanumeric) return undefined;
    const n = id.e164 ?? id.national;
    return n !== undefined && isPersonalNumber(n) ? n : undefined;
  }

  private matches(rule: ForwardConfig | AutoReplyConfig, m: InboundMessage): boolean {
    if (!this.o.contacts.senderMatches(rule.from, m)) return false;
    if (rule.text === undefined) return true;
    let re = this.patterns.get(rule.text);
    if (re === undefined) {
      re = new RegExp(rule.text, "i");
      this.patterns.set(rule.text, re);
    }
    return re.test(m.text);
  }
}

function partsOf(text: string): number {
  try {
    return Math.max(1, planParts(text, { maxParts: 255 }).parts.length);
  } catch {
    return 1;
  }
}

function isPersonalNumber(sender: string): boolean {
  try {
    return normaliseNumber(sender).kind !== "short";
  } catch {
    return false;
  }
}
