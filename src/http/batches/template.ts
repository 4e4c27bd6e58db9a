/** `{{name}}` placeholders (spaces inside the braces allowed): letters, digits, `_`, `.`, `-`. */
const PLACEHOLDER = /\{\{\s*([A-Za-z0-9_.-]+)\s*\}\}/g;

/** The placeholder names a text uses, each once, in order. */
export function placeholdersOf(text: string): string[] {
  return [...new Set([...text.matchAll(PLACEHOLDER)].map((m) => m[1] as string))];
}

/**
 * The text with every placeholder filled from `values`. Returns the names that have no value
 * instead of guessing: a reminder that reads "Dear {{name}}" is worse than none.
 */
export function fillTemplate(
  text: string,
  values: Readonly<Record<string, string>>,
): { text: string } | { missing: string[] } {
  const missing = placeholdersOf(text).filter((k) => !Object.hasOwn(values, k));
  if (missing.length > 0) return { missing };
  return { text: text.replace(PLACEHOLDER, (_m, k: string) => values[k] as string) };
}
