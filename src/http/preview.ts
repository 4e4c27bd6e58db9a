import { z } from "zod";
import { invalidRequest } from "../mqtt/handlers/body.js";
import { isGsm7Encodable, planParts } from "../sms/pdu/index.js";
import type { Encoding } from "../sms/types.js";

export const previewBody = z.strictObject({
  text: z.string({ error: "expected the message text (a string)" }),
  encoding: z.enum(["auto", "gsm7", "ucs2"], { error: "must be auto, gsm7 or ucs2" }).optional(),
});

export interface PreviewData {
  encoding: Encoding;
  /** How many SMS the text costs. */
  segments: number;
  /** The text of each SMS, in order. */
  parts: string[];
  /** The characters the GSM alphabet lacks, each once: they made the text UCS-2 (70 per SMS, not 160). */
  ucs2Characters: string[];
  /** sms.maxParts: a text of more segments is refused by a send (413). */
  maxParts: number;
  fits: boolean;
}

/** The most parts a concatenated SMS can have (one octet counts them). */
const CODEC_MAX_PARTS = 255;

/**
 * How the SMS service would cut a text, without queuing it: the codec's own plan, so the
 * preview is what a send does. Throws `mqtt.invalid-request` for a bad body and the codec's
 * `pdu.*` errors (e.g. `pdu.unencodable` for a forced gsm7 with other characters).
 */
export function preview(body: unknown, maxParts: number): PreviewData {
  const r = previewBody.safeParse(body);
  if (!r.success) throw invalidRequest(r.error.issues);
  const { text, encoding } = r.data;
  const plan = planParts(text, { encoding: encoding ?? "auto", maxParts: CODEC_MAX_PARTS });
  const ucs2Characters =
    plan.encoding === "ucs2" ? [...new Set([...text].filter((c) => !isGsm7Encodable(c)))] : [];
  return {
    encoding: plan.encoding,
    segments: plan.parts.length,
    parts: plan.parts,
    ucs2Characters,
    maxParts,
    fits: plan.parts.length <= maxParts,
  };
}
