import type { ConfigIssue } from "../util/config-issues.js";
import type { AutomationConfig } from "./config-schema.js";
import { Contacts } from "./contacts.js";
import { mailtoProblem, splitMailto } from "./mail-targets.js";

/** The housekeeping tasks the gateway offers to `type: housekeeping` schedules. */
export const GATEWAY_HOUSEKEEPING_TASKS = ["sim-sweep", "history-retention"] as const;
export type GatewayHousekeepingTask = (typeof GATEWAY_HOUSEKEEPING_TASKS)[number];

/**
 * Cross-references of a parsed automation section that the schema alone cannot check: every
 * recipient, group member and user names a known contact or is a number (the top-level
 * `contacts:` list counts too), and every housekeeping task exists. The config loader runs it,
 * so `smsgw run` reports these with every other problem before anything starts.
 */
export function automationReferenceIssues(
  c: AutomationConfig,
  topContacts: ReadonlyArray<{ name: string; number: string }>,
  tasks: readonly string[] = GATEWAY_HOUSEKEEPING_TASKS,
): ConfigIssue[] {
  return referenceIssues(c, new Contacts(c.contacts, [...topContacts], c.homeCountryCode), tasks);
}

export function referenceIssues(
  c: AutomationConfig,
  contacts: Contacts,
  tasks: readonly string[],
): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  const check = (path: string, list: readonly string[]) => {
    const problem = contacts.check(list);
    if (problem !== undefined) issues.push({ path, message: problem });
  };
  for (const [g, members] of Object.entries(c.contacts.groups))
    check(`automation.contacts.groups.${g}`, members);
  for (const [i, u] of c.security.users.entries())
    check(`automation.security.users.${i}.who`, [u.who]);
  for (const [i, r] of c.alerts.rules.entries()) check(`automation.alerts.rules.${i}.to`, r.to);
  for (const [i, r] of c.forwarding.entries()) {
    if (r.to === undefined) continue;
    // `mailto:` entries are mailboxes, not contacts; the rest must resolve as usual.
    const mail = mailtoProblem(r.to);
    if (mail !== undefined) issues.push({ path: `automation.forwarding.${i}.to`, message: mail });
    check(`automation.forwarding.${i}.to`, splitMailto(r.to).phones);
  }
  for (const [i, t] of c.callTriggers.entries())
    check(`automation.callTriggers.${i}.callers`, t.callers);
  c.schedules.forEach((s, i) => {
    if (s.type !== "housekeeping") check(`automation.schedules.${i}.to`, s.to);
    else if (!tasks.includes(s.task))
      issues.push({
        path: `automation.schedules.${i}.task`,
        message: `no housekeeping task "${s.task}" (known: ${tasks.join(", ") || "none"})`,
      });
  });
  return issues;
}
