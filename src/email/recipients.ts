import { SmtpRefusal } from "./smtp-refusal.js";

/** Resolves contact names, group names and numbers to phone numbers (E.164 where known). */
export type ResolveRecipients = (names: readonly string[]) => string[];

/**
 * The phone numbers one envelope recipient names: `<number>@<domain>`, `+` allowed, or a contact
 * or group name as the local part. Digits without `+` or a leading 0 are read with the country
 * code first (`491701234567@sms.local`), as mail-to-SMS services write them; a leading 0 is a
 * national number in the home country. Throws an SmtpRefusal (550) for a domain not served or a
 * local part that is no number and no contact.
 */
export function phoneNumbersOf(
  address: string,
  domains: readonly string[],
  resolve: ResolveRecipients,
): string[] {
  const at = address.lastIndexOf("@");
  const local = (at < 0 ? address : address.slice(0, at)).trim();
  const domain = at < 0 ? "" : address.slice(at + 1).toLowerCase();
  if (domains.length > 0 && !domains.includes(domain))
    throw new SmtpRefusal(550, "5.1.2", `this gateway sends SMS only for ${domains.join(", ")}`);
  const name = /^[1-9]\d{8,14}$/.test(local) ? `+${local}` : local;
  if (name === "")
    throw new SmtpRefusal(550, "5.1.1", "write the phone number before the @ (+491701234567@…)");
  try {
    return resolve([name]);
  } catch {
    throw new SmtpRefusal(
      550,
      "5.1.1",
      `"${local}" is neither a phone number nor a contact or group name`,
    );
  }
}
