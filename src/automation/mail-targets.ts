/**
 * Forwarding recipients may be mailboxes: `mailto:alerts@example.com` beside numbers, contact
 * and group names. The address form is checked here (the automation section knows nothing of
 * the e-mail settings); the mail itself is the e-mail door's.
 */

const MAILTO = /^mailto:/i;
const ADDRESS = /^[^\s@<>()[\],;:"]+@[^\s@<>()[\],;:"]+$/;

/** Splits a recipient list into phone recipients and mailbox addresses (without `mailto:`). */
export function splitMailto(list: readonly string[]): { phones: string[]; mailboxes: string[] } {
  const phones: string[] = [];
  const mailboxes: string[] = [];
  for (const r of list) {
    if (MAILTO.test(r)) mailboxes.push(r.replace(MAILTO, "").trim());
    else phones.push(r);
  }
  return { phones, mailboxes };
}

/** Undefined when every `mailto:` entry names an address, else a message naming the first. */
export function mailtoProblem(list: readonly string[]): string | undefined {
  const bad = splitMailto(list).mailboxes.find((a) => !ADDRESS.test(a));
  return bad === undefined
    ? undefined
    : `"mailto:${bad}" is not an e-mail address (write mailto:alerts@example.com)`;
}
