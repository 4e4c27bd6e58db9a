import type { ForwardedSms } from "../automation/ports.js";
import { renderTemplate } from "../automation/template.js";

/** A received SMS as a mail: the subject and body templates filled with its values. */
export function mailOfSms(
  sms: ForwardedSms,
  templates: { subject: string; body: string },
): { subject: string; text: string } {
  const values = { ...sms };
  // A subject is one line: a line break in the SMS would end the header.
  const subject = renderTemplate(templates.subject, values)
    .replace(/[\r\n]+/g, " ")
    .trim();
  return { subject, text: renderTemplate(templates.body, values) };
}
