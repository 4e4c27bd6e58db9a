import { z } from "zod";
import { secret } from "../../util/secret.js";
import { isTimeZone } from "../clock.js";
import { validateTopicFilter } from "../topic-filter.js";
import { decodeBase32 } from "../totp.js";

/** Field types the automation sections share. */

/** YAML reads `pin: 1234` or a number without quotes as a number; both are text here. */
export const text = () => z.preprocess((v) => (typeof v === "number" ? String(v) : v), z.string());
export const ident = z
  .string()
  .regex(
    /^[A-Za-z0-9][A-Za-z0-9_.-]*$/,
    "letters, digits, _ . - (starting with a letter or digit)",
  );
export const seconds = () => z.number().positive("must be a positive number of seconds");
export const timeZone = z.string().refine(isTimeZone, "an IANA time zone such as Europe/Berlin");
export const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, "a time of day as HH:MM");
export const priority = z.enum(["high", "normal", "low"]);
/** Numbers, contact names or group names (a group sends one message per member). */
export const recipients = z
  .array(text().pipe(z.string().min(1)))
  .min(1, "name at least one recipient");
export const regex = z.string().refine((s) => {
  try {
    new RegExp(s);
    return true;
  } catch {
    return false;
  }
}, "not a valid regular expression");
export const topicFilter = z.string().superRefine((f, ctx) => {
  const problem = validateTopicFilter(f);
  if (problem !== undefined) ctx.addIssue({ code: "custom", message: problem });
});
export const base32Secret = secret(
  text().refine((s) => {
    try {
      return decodeBase32(s).length >= 10;
    } catch {
      return false;
    }
  }, "a base32 secret of at least 16 characters (80 bits), as authenticator apps use"),
);

export const quietHoursSchema = z.strictObject({
  start: hhmm.describe("Start of the quiet hours, local time HH:MM"),
  end: hhmm.describe("End of the quiet hours, local time HH:MM (may be after midnight)"),
  /** Default: the system's time zone. */
  timeZone: timeZone
    .optional()
    .describe("IANA time zone such as Europe/Berlin; default: the system's"),
});
