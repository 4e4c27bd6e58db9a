import { firstKeyword, parseCommandPattern } from "./command-pattern.js";
import type { AutomationConfig } from "./config-schema.js";

/** What a masked code reads as: the same for every length, so the mask says nothing of it. */
export const MASKED_CODE = "******";

/**
 * The keywords that make an SMS a command attempt (`RELAY`, and STATUS/HELP/PING unless turned
 * off), for masking codes in what is published or forwarded.
 */
export function commandKeywords(c: AutomationConfig): Set<string> {
  const out = new Set<string>();
  for (const cmd of c.commands) {
    try {
      out.add(parseCommandPattern(cmd.pattern).keyword);
    } catch {
      // an invalid pattern is refused when the config is read
    }
  }
  for (const [name, b] of Object.entries(c.security.builtins))
    if (b.enabled) out.add(name.toUpperCase());
  return out;
}

/**
 * `123456 RELAY pump ON` → `****** RELAY pump ON` when the word after a leading 4–12 digit
 * token is a command keyword: the token is a one-time code or a PIN, and whoever reads
 * `<base>/received`, Home Assistant's history or a forwarded SMS must not learn it. Other texts
 * (`1234 Main Street`) stay as they are.
 */
export function maskLeadingCode(text: string, keywords: ReadonlySet<string>): string {
  const m = /^(\s*)(\d{4,12})(\s+)(\S[\s\S]*)$/.exec(text);
  if (m === null || !keywords.has(firstKeyword(m[4] as string))) return text;
  return `${m[1]}${MASKED_CODE}${m[3]}${m[4]}`;
}
