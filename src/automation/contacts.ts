import { SmsgwError } from "../errors.js";
import { normaliseNumber } from "../sms/numbers.js";
import { COUNTRIES, type Country } from "../sms/policy/countries.js";
import type { AddressType } from "../sms/types.js";

/**
 * Contacts (name → number) and groups (name → members), and how the features name people:
 * a recipient list may mix numbers, contact names and group names (a group is one message per
 * member). Numbers in the config are kept in E.164 (`+49170…`): one written nationally
 * (`0170…`) is converted once a home country is known (the configured one, else the SIM's,
 * learnt after the modem is up), so the home country is asked on every use, never kept. A
 * sender is recognised only by the same E.164 number: never by trailing digits (a foreign
 * number with the same subscriber digits is someone else), never when the network typed it
 * alphanumeric (a name anyone may choose).
 */
export interface ContactBook {
  numbers: Record<string, string>;
  groups: Record<string, string[]>;
}

/** An inbound sender as the SMS service reports it. */
export interface Sender {
  from: string;
  addressType?: AddressType | undefined;
}

/**
 * The country national numbers belong to: its calling code (`49`) and trunk prefix (the `0`
 * of `0170…`, dropped in international form; none where the `0` is part of the number, as in
 * Italy's `06…`).
 */
export type HomeCountry = Pick<Country, "callingCode" | "trunk">;

/** The home country of a calling code (`39`): its trunk prefix from the country table, else 0. */
export function homeCountryOf(callingCode: string): HomeCountry {
  for (const c of COUNTRIES.values()) if (c.callingCode === callingCode) return c;
  return { callingCode, trunk: "0" };
}

/** What a sender address is, once read with its type. */
export interface SenderId {
  /** A chosen name (TON alphanumeric): never equal to any number. */
  alphanumeric: boolean;
  /** The number in E.164 when it can be known. */
  e164?: string;
  /** Digits in national form, when no home country says which country they belong to. */
  national?: string;
}

export class Contacts {
  private readonly people = new Map<string, string>();
  private readonly groups = new Map<string, string[]>();

  private readonly homeCountry: () => HomeCountry | undefined;

  /**
   * `home`: the country calling code (digits, `49`) or a function asked on every use, since
   * the SIM's country is learnt only once the modem is up. While there is none a national
   * number matches only a sender delivered nationally with the same digits.
   */
  constructor(
    book: ContactBook,
    extra: Array<{ name: string; number: string }> = [],
    home?: string | (() => HomeCountry | undefined),
  ) {
    const fixed =
      home === undefined || typeof home === "function" ? undefined : homeCountryOf(home);
    this.homeCountry = typeof home === "function" ? home : () => fixed;
    for (const c of extra) this.people.set(c.name.toLowerCase(), c.number);
    for (const [name, number] of Object.entries(book.numbers))
      this.people.set(name.toLowerCase(), number);
    for (const [name, members] of Object.entries(book.groups))
      this.groups.set(name.toLowerCase(), members);
  }

  /**
   * Numbers for a recipient list (E.164 where known), without duplicates. Throws
   * `automation.unknown-recipient` for a name that is neither a contact, a group nor a number.
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

  /** The number of a contact name or a number as written (E.164 where known). */
  numberOf(who: string): string {
    return this.one(who);
  }

  /** Configured numbers still in national form (no home country code to convert them). */
  nationalNumbers(): string[] {
    const all = [...this.people.values()].flatMap((n) => {
      try {
        return [this.toE164(n)];
      } catch {
        return [];
      }
    });
    return all.filter((n) => !n.startsWith("+") && n.startsWith("0"));
  }

  /** The contact name of a number or sender, if it has one ("alice" rather than digits). */
  nameOf(who: string | Sender): string | undefined {
    const sender = typeof who === "string" ? { from: who } : who;
    for (const [name, n] of this.people) if (this.isNumber(n, sender)) return name;
    return undefined;
  }

  /** How a sender address reads (see SenderId). */
  identify(sender: Sender): SenderId {
    const raw = sender.from.trim();
    const type = sender.addressType;
    if (type === "alphanumeric" || /[^\d\s+\-./()*#]/.test(raw)) return { alphanumeric: true };
    const digits = raw.replace(/[^\d+]/g, "");
    if (digits === "") return { alphanumeric: true };
    if (digits.startsWith("+") || type === "international")
      return numberOrNothing(`+${digits.replace(/^\+/, "")}`);
    if (digits.startsWith("00")) return numberOrNothing(`+${digits.slice(2)}`);
    const home = this.homeCountry();
    if (home !== undefined) {
      if (digits.startsWith("0")) {
        const e164 = inHomeCountry(digits, home);
        if (e164 !== undefined) return numberOrNothing(e164);
      } else if (type === "national") return numberOrNothing(`+${home.callingCode}${digits}`);
    }
    return { alphanumeric: false, national: digits };
  }

  /** Whether `sender` is the line of `configured` (a number as written in the config). */
  isNumber(configured: string, sender: Sender): boolean {
    const id = this.identify(sender);
    if (id.alphanumeric) return false;
    let want: string;
    try {
      want = this.toE164(configured);
    } catch {
      return false;
    }
    return id.e164 !== undefined ? want === id.e164 : want === id.national;
  }

  /** Whether `sender` is `pattern`: a glob over the number/name, a contact or a group member. */
  senderMatches(pattern: string, sender: Sender): boolean {
    const key = pattern.replace(/^@/, "").toLowerCase();
    const group = this.groups.get(key);
    if (group !== undefined) return group.some((m) => this.isPerson(m, sender));
    if (this.people.has(key)) return this.isPerson(key, sender);
    const id = this.identify(sender);
    if (id.alphanumeric)
      // A name matches only name patterns (or everything): `0170*` is about numbers.
      return (pattern === "*" || /[a-z]/i.test(pattern)) && globMatches(pattern, sender.from);
    if ([sender.from, id.e164, id.national].some((v) => v !== undefined && globMatches(pattern, v)))
      return true;
    // A pattern written nationally (`0170*`) also matches its numbers delivered internationally.
    const home = this.homeCountry();
    const intl =
      /^0[^0]/.test(pattern) && home !== undefined ? inHomeCountry(pattern, home) : undefined;
    return intl !== undefined && id.e164 !== undefined && globMatches(intl, id.e164);
  }

  /** A number as written → E.164 when its country is known, else as normalised. */
  toE164(number: string): string {
    const n = normaliseNumber(number);
    const home = this.homeCountry();
    if (n.kind === "national" && n.number.startsWith("0") && home !== undefined)
      return inHomeCountry(n.number, home) ?? n.number;
    return n.number;
  }

  private isPerson(who: string, sender: Sender): boolean {
    const n = this.people.get(who.toLowerCase()) ?? who;
    return this.isNumber(n, sender);
  }

  private one(who: string): string {
    const n = this.people.get(who.toLowerCase());
    try {
      return this.toE164(n ?? who);
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
 * A national number or number pattern (leading 0) in international form: the trunk prefix
 * dropped, the calling code in front. Undefined in North America, where a leading 0 is no trunk
 * prefix (it reaches the operator) and can't be placed in a country.
 */
function inHomeCountry(national: string, home: HomeCountry): string | undefined {
  if (home.trunk === "1") return undefined;
  return `+${home.callingCode}${home.trunk === "0" ? national.slice(1) : national}`;
}

function numberOrNothing(e164: string): SenderId {
  try {
    const n = normaliseNumber(e164);
    return n.kind === "international"
      ? { alphanumeric: false, e164: n.number }
      : { alphanumeric: false };
  } catch {
    return { alphanumeric: false };
  }
}

/** `*` any run, `?` one character; case-insensitive; `+` and digits literal. */
export function globMatches(pattern: string, value: string): boolean {
  const re = pattern
    .replace(/[.+^${}()|[\]\\]/g, "\\$&")
    .replace(/\*/g, ".*")
    .replace(/\?/g, ".");
  return new RegExp(`^${re}$`, "i").test(value);
}
