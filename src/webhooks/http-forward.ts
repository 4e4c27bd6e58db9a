import type { HttpTargetConfig } from "../automation/config/http-target.js";
import { isJsonTemplate, renderPayload, renderTemplate } from "../automation/template.js";
import type { InboundMessage, OutboundMessage } from "../sms/types.js";
import { dlrEscapes } from "./dlr-escapes.js";
import { receivedEscapes, substituteEscapes } from "./kannel-escapes.js";
import type { OutgoingRequest } from "./types.js";

/** What `%i` says: the gateway is the one "SMSC link" a Kannel receiver knows of. */
export const SMSC_ID = "smsgw";

const FORM = "application/x-www-form-urlencoded";

/** Private-use characters mark where an escape's value goes; removed from an SMS's own text. */
const MARK_OPEN = "\uE000";
const MARK_CLOSE = "\uE001";
const MARKER = /\uE000(\d+)\uE001/g;
const MARK_CHARS = /[\uE000\uE001]/g;

/** Kannel's escapes, then `{{…}}` placeholders, without one filling in the other's text. */
function render(
  template: string,
  escapes: Record<string, string>,
  values: Record<string, unknown>,
  encode: (v: string) => string,
  json: boolean,
): string {
  // The escapes become markers first: an SMS whose text holds `{{from}}` or `%p` stays text.
  const marked: string[] = [];
  const withMarkers = substituteEscapes(template, escapes, (v) => {
    marked.push(encode(v));
    return `${MARK_OPEN}${marked.length - 1}${MARK_CLOSE}`;
  });
  const filled = json
    ? renderPayload(withMarkers, values)
    : renderTemplate(withMarkers, encodedValues(values, encode));
  return filled.replace(MARKER, (_m, i: string) => marked[Number(i)] ?? "");
}

function encodedValues(values: Record<string, unknown>, encode: (v: string) => string) {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(values)) out[k] = typeof v === "string" ? encode(v) : v;
  return out;
}

/** The placeholders' values: the message's fields (`{{from}}`, `{{text}}`, …); no marker characters inside. */
function placeholderValues(m: InboundMessage): Record<string, unknown> {
  const clean = (s: string) => s.replace(MARK_CHARS, "");
  return {
    id: m.id,
    from: clean(m.from),
    text: clean(m.text),
    receivedAt: m.receivedAt,
    timestamp: m.timestamp ?? null,
    smsc: m.smsc,
    parts: m.parts,
    complete: m.complete,
    encoding: m.encoding,
  };
}

const jsonString = (v: string) => JSON.stringify(v).slice(1, -1);

/**
 * The request a forwarding rule's HTTP target gets for a received SMS: escapes in the URL are
 * URL-encoded; `params` go into the query (GET) or a form body (POST), each value URL-encoded;
 * a `body` template is sent as it renders (JSON-escaped values when it is JSON, URL-encoded
 * otherwise).
 */
export function forwardRequest(t: HttpTargetConfig, m: InboundMessage): OutgoingRequest {
  const escapes = receivedEscapes({ ...m, text: m.text.replace(MARK_CHARS, "") }, SMSC_ID);
  return targetRequest(t, escapes, placeholderValues(m), "smsgw-forward");
}

/**
 * The request a delivery-report target gets when an outbound message changes state: Kannel's
 * dlr-url escapes (`%d` type, `%A` SMSC reply, `%I` id, `%P` receiver, `%t` time, …) and the
 * message's fields as placeholders (`{{id}}`, `{{to}}`, `{{status}}`, `{{error}}`, …).
 */
export function reportRequest(
  t: HttpTargetConfig,
  m: OutboundMessage,
  type: number,
  from = "",
): OutgoingRequest {
  const clean = (s: string) => s.replace(MARK_CHARS, "");
  const escapes = dlrEscapes({ type, message: m, from: clean(from), smsc: SMSC_ID });
  const values: Record<string, unknown> = {
    id: m.id,
    to: clean(m.to),
    text: clean(m.text),
    status: m.status,
    type,
    parts: m.parts,
    partsSent: m.partsSent,
    updatedAt: m.updatedAt,
    error: m.error === undefined ? "" : clean(m.error.message),
    errorCode: m.error?.code ?? "",
    cms: m.error?.cms ?? "",
  };
  return targetRequest(t, escapes, values, "smsgw-report");
}

function targetRequest(
  t: HttpTargetConfig,
  escapes: Record<string, string>,
  values: Record<string, unknown>,
  agent: string,
): OutgoingRequest {
  let url = render(t.url, escapes, values, encodeURIComponent, false);
  const headers: Record<string, string> = { "user-agent": agent };
  for (const [k, v] of Object.entries(t.headers)) headers[k.toLowerCase()] = v;
  let body: string | undefined;
  if (t.params !== undefined) {
    const pairs = Object.entries(t.params).map(
      ([k, v]) =>
        `${encodeURIComponent(k)}=${encodeURIComponent(render(v, escapes, values, (x) => x, false))}`,
    );
    if (t.method === "GET") {
      if (pairs.length > 0) url += (url.includes("?") ? "&" : "?") + pairs.join("&");
    } else {
      body = pairs.join("&");
      headers["content-type"] = t.contentType ?? FORM;
    }
  } else if (t.body !== undefined) {
    const json = isJsonTemplate(t.body);
    body = render(t.body, escapes, values, json ? jsonString : encodeURIComponent, json);
    headers["content-type"] = t.contentType ?? (json ? "application/json" : FORM);
  }
  return { url, method: t.method, headers, ...(body === undefined ? {} : { body }) };
}
