import { SmsgwError } from "../errors.js";
import { normaliseNumber } from "../sms/numbers.js";

/**
 * Contacts (name → number) and groups (name → members), and how the features name people:
 * a recipient list may mix numbers, contact names and group names (a group is one message per
 * member); a sender is recognised by its number in any usual form.
 */
export interface ContactBook {
  numbers: Record<string, string>;
  groups: Record<string, string[]>;
}

export class Contacts {
  private readonly people = new Map<string, string>();
  private readonly groups = new Map<string, string[]>();

  constructor(book: ContactBook, extra: Array<{ name: string; number: string }> = []) {
    for (const c of extra) this.people.set(c.name.toLowerCase(), c.number);
    for (const [name, number] of Object.entries(book.numbers))
      this.people.set(name.toLowerCase(), number);
    for (const [name, members] of Object.entries(book.groups))
      this.groups.set(name.toLowerCase(), members);
  }

  /**
   * Numbers for a recipient list, without duplicates. Throws `automation.unknown-recipient`
   * for a name that is neither a contact, a group nor a number.
   */
  resolve(recipients: readonly string[]): string[] {
    const out = new Set<string>();
    for (const r of recipients) {
      const members = this.groups.get(r.replace(/^@/, "").toLowerCase());
      if (members !== undefined) {
        for (const m of members) out.add(this.one(m));
      } else out.add(this.one(r));
    }
    return [...out];
  }

  /** Undefined when every name resolves, else the first that does not. */
  check(recipients: readonly string[]): string | undefined {
    try {
      this.resolve(recipients);
      return undefined;
    } catch (err) {
      return err instanceof Error ? err.message : String(err);
    }
  }

  /** The number of a contact name or a number as written (normalised). */
  numberOf(who: string): string {
    return this.one(who);
  }

  /** The contact name of a number, if it has one (for messages: "alice" rather than digits). */
  nameOf(number: string): string | undefined {
    for (const [name, n] of this.people) if (sameSender(n, number)) return name;
    return undefined;
  }

  /** Whether `sender` is `pattern`: a glob over the number/name, a contact or a group member. */
  senderMatches(pattern: string, sender: string): boolean {
    const key = pattern.replace(/^@/, "").toLowerCase();
    const group = this.groups.get(key);
    if (group !== undefined) return group.some((m) => this.isPerson(m, sender));
    if (this.people.has(key)) return this.isPerson(key, sender);
    return globMatches(pattern, sender);
  }

  private isPerson(who: string, sender: string): boolean {
    const n = this.people.get(who.toLowerCase()) ?? who;
    return sameSender(n, sender);
  }

  private one(who: string): string {
    const n = this.people.get(who.toLowerCase());
    try {
      return normaliseNumber(n ?? who).number;
    } catch (err) {
      throw new SmsgwError(
        "automation.unknown-recipient",
        n === undefined
          ? `"${who}" is neither a contact, a group nor a phone number`
          : `contact "${who}": ${err instanceof Error ? err.message : String(err)}`,
        { cause: err },
      );
    }
  }
}

/**
 * Whether two sender numbers are the same line. Exact after normalising; a national number
 * (`0170…`) also equals an international one ending in the same digits (networks deliver
 * either form). Never "last N digits" alone: that would let a foreign number pass as a user.
 */
export function sameSender(a: string, b: string): boolean {
  const na = norm(a);
  const nb = norm(b);
  if (na === nb) return true;
  const [intl, nat] = na.startsWith("+") ? [na, nb] : [nb, na];
  if (!intl.startsWith("+") || !/^0\d+$/.test(nat) || nat.startsWith("00")) return false;
  const subscriber = nat.slice(1);
  return (
    subscriber.length >= 6 && intl.endsWith(subscriber) && intl.length - subscriber.length <= 4
  );
}

function norm(s: string): string {
  try {
    return normaliseNumber(s).number;
  } catch {
    return s.trim().toLowerCase(); // alphanumeric senders ("Vodafone")
  }
}

/** `*` any run, `?` one character; case-insensitive; `+` and digits literal. */
export function globMatches(pattern: string, value: string): boolean {
  const re = pattern
    .replace(/[.+^${}()|[\]\\]/g, "\\$&")
    .replace(/\*/g, ".*")
    .replace(/\?/g, ".");
  if (new RegExp(`^${re}$`, "i").test(value)) return true;
  // `+49170*` should also match the same number written nationally or with 00.
  const nv = norm(value);
  return nv !== value && new RegExp(`^${re}$`, "i").test(nv);
}
