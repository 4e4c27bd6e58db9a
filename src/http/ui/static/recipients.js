import { api } from "./api.js";

/**
 * The configured contacts ({ name, number }) and groups ({ name, members }) for the compose
 * page; empty when there are none or the session may not read them.
 */
export async function addressBook() {
  try {
    const view = await api("GET", "/api/v1/automation");
    const contacts = view.contacts.map((c) => ({ name: c.name, number: c.number }));
    for (const [name, number] of Object.entries(view.automation.contacts?.numbers ?? {}))
      if (!contacts.some((c) => c.number === number)) contacts.push({ name, number });
    const groups = Object.entries(view.automation.contacts?.groups ?? {}).map(
      ([name, members]) => ({ name, members }),
    );
    return { contacts, groups };
  } catch {
    return { contacts: [], groups: [] };
  }
}

/**
 * Numbers for what was typed in "To": a group name (or `@group`) becomes its members, a contact
 * name its number, anything else is sent as written (the API judges numbers). POST
 * /api/v1/messages takes numbers only, so names are resolved here, as batches resolve them.
 */
export function resolveRecipients(entries, book) {
  const numberOf = (who) =>
    book.contacts.find((c) => c.name.toLowerCase() === who.toLowerCase())?.number ?? who;
  const out = [];
  for (const e of entries) {
    const key = e.replace(/^@/, "").toLowerCase();
    const group = book.groups.find((g) => g.name.toLowerCase() === key);
    for (const n of group === undefined ? [numberOf(e)] : group.members.map(numberOf))
      if (!out.includes(n)) out.push(n);
  }
  return out;
}
