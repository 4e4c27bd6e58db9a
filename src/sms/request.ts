import { SmsgwError } from "../errors.js";
import { normaliseNumber } from "./numbers.js";
import type { Priority, SendOrigin, SendRequest } from "./types.js";

const PRIORITIES: readonly Priority[] = ["high", "normal", "low"];
const ENCODINGS = ["auto", "gsm7", "ucs2"] as const;
const ORIGINS: readonly SendOrigin[] = [
  "mqtt",
  "http",
  "smpp",
  "email",
  "alert",
  "automation-reply",
  "command-reply",
  "forward",
  "schedule",
  "local",
];
/** Longer than any maxParts allows (255 × 153 septets); stops megabyte payloads early. */
const MAX_TEXT = 40_000;
const MAX_RECIPIENTS = 1_000;
const MAX_ID = 200;

export interface ValidRequest {
  recipients: string[];
  text: string;
  id?: string;
  priority: Priority;
  flash: boolean;
  validitySeconds?: number;
  deliveryReport?: boolean;
  notBefore?: number;
  encoding: "auto" | "gsm7" | "ucs2";
  origin: SendOrigin;
  transactional?: boolean;
}

/**
 * Checks a send request field by field (it may come straight from an MQTT payload) and
 * normalises it. Throws SmsgwError `sms.invalid-request`, `sms.invalid-number` or
 * `sms.empty-text` with a message a user can act on.
 */
export function validateSendRequest(input: unknown): ValidRequest {
  if (input === null || typeof input !== "object" || Array.isArray(input))
    throw bad("a send request must be an object with `to` and `text`");
  const req = input as Partial<Record<keyof SendRequest, unknown>>;
  const toList = Array.isArray(req.to) ? req.to : [req.to];
  if (req.to === undefined || toList.length === 0)
    throw bad("`to` is missing: give a number or a list of numbers");
  if (toList.length > MAX_RECIPIENTS) throw bad(`at most ${MAX_RECIPIENTS} recipients per request`);
  const recipients = [...new Set(toList.map((t) => normaliseNumber(t).number))];
  if (typeof req.text !== "string") throw bad("`text` must be a string");
  if (req.text.length === 0) throw new SmsgwError("sms.empty-text", "the message text is empty");
  if (req.text.length > MAX_TEXT) throw bad(`\`text\` is longer than ${MAX_TEXT} characters`);
  const out: ValidRequest = {
    recipients,
    text: req.text,
    priority: "normal",
    flash: false,
    encoding: "auto",
    origin: "local",
  };
  if (req.id !== undefined) {
    if (typeof req.id !== "string" || req.id.trim() === "" || req.id.length > MAX_ID)
      throw bad(`\`id\` must be a non-empty string of at most ${MAX_ID} characters`);
    out.id = req.id;
  }
  if (req.priority !== undefined) {
    if (!PRIORITIES.includes(req.priority as Priority))
      throw bad("`priority` must be high, normal or low");
    out.priority = req.priority as Priority;
  }
  if (req.flash !== undefined) {
    if (typeof req.flash !== "boolean") throw bad("`flash` must be true or false");
    out.flash = req.flash;
  }
  if (req.deliveryReport !== undefined) {
    if (typeof req.deliveryReport !== "boolean")
      throw bad("`deliveryReport` must be true or false");
    out.deliveryReport = req.deliveryReport;
  }
  if (req.validitySeconds !== undefined) {
    const v = req.validitySeconds;
    if (typeof v !== "number" || !Number.isFinite(v) || v <= 0)
      throw bad("`validitySeconds` must be a positive number of seconds");
    out.validitySeconds = v;
  }
  if (req.encoding !== undefined) {
    if (!(ENCODINGS as readonly unknown[]).includes(req.encoding))
      throw bad("`encoding` must be auto, gsm7 or ucs2");
    out.encoding = req.encoding as ValidRequest["encoding"];
  }
  if (req.origin !== undefined) {
    if (!ORIGINS.includes(req.origin as SendOrigin))
      throw bad(`\`origin\` must be one of ${ORIGINS.join(", ")}`);
    out.origin = req.origin as SendOrigin;
  }
  if (req.transactional !== undefined) {
    if (typeof req.transactional !== "boolean") throw bad("`transactional` must be true or false");
    out.transactional = req.transactional;
  }
  if (req.notBefore !== undefined) {
    const nb = req.notBefore;
    const t =
      nb instanceof Date ? nb.getTime() : typeof nb === "string" ? Date.parse(nb) : Number.NaN;
    if (Number.isNaN(t)) throw bad("`notBefore` must be an ISO 8601 time");
    out.notBefore = t;
  }
  return out;
}

function bad(message: string): SmsgwError {
  return new SmsgwError("sms.invalid-request", message);
}
