import type { KannelUser } from "../../config/sections/http-kannel.js";
import { normaliseNumber } from "../../sms/numbers.js";
import type { Priority } from "../../sms/types.js";
import { CharsetError, decodeKannelText } from "./charset.js";
import { intParam, type KannelParams, stringParam } from "./params.js";
import { KANNEL, KannelRefusal } from "./replies.js";

/** A Kannel `sendsms` request, checked and read into smsgw's terms. */
export interface KannelSend {
  /** International numbers, each once, in the order given. */
  numbers: string[];
  text: string;
  encoding: "auto" | "ucs2";
  flash: boolean;
  priority: Priority;
  validitySeconds?: number;
  notBefore?: Date;
  /** The sender for dlr-url's %p (the request's `from`, else the user's default). */
  from: string;
  /** `smsc` as asked (%i); one modem, so it routes nothing. */
  smsc: string;
  dlr?: { url: string; mask: number };
}

/** Kannel's `sendsms-chars` default: what a receiver number may hold. */
const NUMBER_CHARS = /^[0-9+ -]+$/;

/**
 * Reads the parameters as Kannel's smsbox does, refusing with its answers in its order
 * (receiver, lists, dlr-url, dlr-mask, mclass, coding, validity, deferred, priority, charset).
 * `post`: the request came as Kannel's POST form (its missing-receiver answer differs).
 */
export function readSendsms(
  params: KannelParams,
  user: KannelUser,
  opts: { post: boolean; now: number },
): KannelSend {
  const to = stringParam(params, "to");
  if (to === undefined)
    throw new KannelRefusal(opts.post ? KANNEL.missingToPost : KANNEL.missingTo);
  if (to.length === 0) throw new KannelRefusal(KANNEL.emptyTo);

  if (params.has("udh") && (params.get("udh")?.length ?? 0) > 0)
    throw new KannelRefusal(KANNEL.udh);

  // Several receivers are separated by white space (`+` in a URL is a space).
  const numbers: string[] = [];
  for (const word of to.split(/\s+/).filter((w) => w !== "")) {
    if (!NUMBER_CHARS.test(word)) continue;
    let n: string;
    try {
      n = normaliseNumber(word).number;
    } catch {
      continue;
    }
    // Kannel clients often write international numbers without the +: compared by their digits.
    const allowed = (p: string) =>
      n.startsWith(p) || (!n.startsWith("+") && n.startsWith(p.slice(1)));
    if (user.allowedPrefixes.length > 0 && !user.allowedPrefixes.some(allowed)) continue;
    if (!numbers.includes(n)) numbers.push(n);
  }
  if (numbers.length === 0) throw new KannelRefusal(KANNEL.denied);

  const dlrUrl = stringParam(params, "dlr-url", "dlrurl");
  if (dlrUrl !== undefined && dlrUrl.length > 0 && !/^https?:\/\/./i.test(dlrUrl))
    throw new KannelRefusal(KANNEL.dlrUrl);
  const dlrMask = intParam(params, "dlr-mask", "dlrmask");
  if (dlrMask !== undefined && (dlrMask < -1 || dlrMask > 63))
    throw new KannelRefusal(KANNEL.dlrMask);
  const mclass = intParam(params, "mclass");
  if (mclass !== undefined && (mclass < -1 || mclass > 3)) throw new KannelRefusal(KANNEL.mclass);
  const coding = intParam(params, "coding");
  // coding=1 is 8-bit binary data, which smsgw does not send.
  if (coding !== undefined && (coding < -1 || coding > 2 || coding === 1))
    throw new KannelRefusal(KANNEL.coding);
  const validity = intParam(params, "validity");
  if (validity !== undefined && validity < -1) throw new KannelRefusal(KANNEL.validity);
  const deferred = intParam(params, "deferred");
  if (deferred !== undefined && deferred < -1) throw new KannelRefusal(KANNEL.deferred);
  const priority = intParam(params, "priority");
  if (priority !== undefined && (priority < 0 || priority > 3))
    throw new KannelRefusal(KANNEL.priority);

  let text: string;
  try {
    text = decodeKannelText(
      params.get("text") ?? Buffer.alloc(0),
      stringParam(params, "charset"),
      coding,
    );
  } catch (err) {
    if (err instanceof CharsetError) throw new KannelRefusal(KANNEL.charset);
    throw err;
  }

  const send: KannelSend = {
    numbers,
    text,
    encoding: coding === 2 ? "ucs2" : "auto",
    flash: mclass === 0,
    priority: priority !== undefined && priority > 0 ? "high" : "normal",
    from: stringParam(params, "from") || user.defaultSender || "",
    smsc: stringParam(params, "smsc") ?? "",
  };
  if (validity !== undefined && validity > 0) send.validitySeconds = validity * 60;
  if (deferred !== undefined && deferred > 0)
    send.notBefore = new Date(opts.now + deferred * 60_000);
  if (dlrUrl !== undefined && dlrUrl.length > 0 && dlrMask !== undefined && dlrMask > 0)
    send.dlr = { url: dlrUrl, mask: dlrMask };
  return send;
}
