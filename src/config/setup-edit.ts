import { type Document, isMap, isScalar, isSeq, type YAMLMap, type YAMLSeq } from "yaml";
import type { Config } from "./schema.js";

/**
 * The few keys of `smsgw.yaml` the first-boot wizard reads and writes, edited in the YAML
 * document itself so the owner's comments, order and other keys stay as they were.
 */

/** A change from the wizard; an absent key is left alone, `null` removes it from the file. */
export interface SetupChange {
  mqtt?: { url?: string; username?: string | null; password?: string | null };
  homeassistant?: { enabled: boolean };
  /** The numbers in `automation.security.users` after the change (E.164). */
  allowedNumbers?: string[];
  modem?: { pin?: string | null };
}

/** What the wizard shows: never a secret, only whether one is set. */
export interface SetupView {
  mqtt: { url: string; username: string | null; passwordSet: boolean };
  homeassistant: { enabled: boolean };
  allowedNumbers: string[];
  modem: { pinSet: boolean };
}

/** E.164: the only form the wizard writes, so its entries are told apart from contact names. */
export const E164 = /^\+[1-9]\d{6,14}$/;

/** `+49 170-123 4567` → `+491701234567`; anything else (a contact name) → undefined. */
function numberOf(who: unknown): string | undefined {
  if (typeof who !== "string" && typeof who !== "number") return undefined;
  const compact = String(who).replace(/[\s()-]/g, "");
  return E164.test(compact) ? compact : undefined;
}

const USERS = ["automation", "security", "users"];

/** The users list's entries that are one phone number each (contact names are not). */
function numberUsers(users: readonly { who: string }[]): string[] {
  return users.flatMap((u) => numberOf(u.who) ?? []);
}

/** The wizard's view of a validated config (the file's own values, secrets as booleans). */
export function setupView(config: Config, redactUrl: (url: string) => string): SetupView {
  return {
    mqtt: {
      url: redactUrl(config.mqtt.url),
      username: config.mqtt.username ?? null,
      passwordSet: config.mqtt.password !== undefined,
    },
    homeassistant: { enabled: config.mqtt.homeassistant.enabled },
    allowedNumbers: numberUsers(config.automation.security.users),
    modem: { pinSet: config.modem.pin !== undefined },
  };
}

function setOrDelete(doc: Document, path: string[], value: unknown): void {
  if (value === null) doc.deleteIn(path);
  else if (value !== undefined) doc.setIn(path, value);
}

/** Applies `change` to `doc` in place. */
export function applySetupChange(doc: Document, change: SetupChange): void {
  setOrDelete(doc, ["mqtt", "url"], change.mqtt?.url);
  setOrDelete(doc, ["mqtt", "username"], change.mqtt?.username);
  setOrDelete(doc, ["mqtt", "password"], change.mqtt?.password);
  setOrDelete(doc, ["mqtt", "homeassistant", "enabled"], change.homeassistant?.enabled);
  setOrDelete(doc, ["modem", "pin"], change.modem?.pin);
  if (change.allowedNumbers !== undefined) setAllowedNumbers(doc, change.allowedNumbers);
}

/**
 * Users whose `who` is a number not in `numbers` are removed, numbers not yet there are added
 * with `allow: ["*"]` (commands marked secret still need a code, which such a user has not);
 * users named by contact, and the second factors of numbers kept, are left as written.
 */
function setAllowedNumbers(doc: Document, numbers: readonly string[]): void {
  const wanted = new Set(numbers);
  const node = doc.getIn(USERS, true);
  if (!isSeq(node)) {
    if (wanted.size === 0) return;
    doc.setIn(USERS, doc.createNode([...wanted].map((who) => ({ who, allow: ["*"] }))));
    return;
  }
  const seq = node as YAMLSeq;
  const kept = new Set<string>();
  seq.items = seq.items.filter((item) => {
    const who = isMap(item) ? (item as YAMLMap).get("who", true) : undefined;
    const number = numberOf(isScalar(who) ? who.value : undefined);
    if (number === undefined) return true;
    if (!wanted.has(number) || kept.has(number)) return false;
    kept.add(number);
    return true;
  });
  // `users: []` written inline: the entries added read better as a block list.
  if (seq.items.length === 0) seq.flow = false;
  for (const who of wanted)
    if (!kept.has(who)) seq.items.push(doc.createNode({ who, allow: ["*"] }));
}
