/** Who may send mail to SMS without AUTH: addresses, `*` matching any run of characters. */
export function senderAllowed(address: string, patterns: readonly string[]): boolean {
  const a = address.trim().toLowerCase();
  if (a === "") return false;
  return patterns.some((p) => globOf(p).test(a));
}

const globs = new Map<string, RegExp>();

function globOf(pattern: string): RegExp {
  let re = globs.get(pattern);
  if (re === undefined) {
    const body = pattern
      .toLowerCase()
      .split("*")
      .map((s) => s.replace(/[.+?^${}()|[\]\\]/g, "\\$&"))
      .join(".*");
    re = new RegExp(`^${body}$`);
    globs.set(pattern, re);
  }
  return re;
}
