import { SmsgwError } from "../../../errors.js";

/** Split AT parameters at top-level commas (not inside quotes or parentheses). */
export function splitFields(params: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let quoted = false;
  let start = 0;
  for (let i = 0; i < params.length; i++) {
    const c = params[i];
    if (c === '"') quoted = !quoted;
    else if (quoted) continue;
    else if (c === "(") depth++;
    else if (c === ")") depth = Math.max(0, depth - 1);
    else if (c === "," && depth === 0) {
      out.push(params.slice(start, i).trim());
      start = i + 1;
    }
  }
  out.push(params.slice(start).trim());
  return out;
}

export function isQuoted(field: string): boolean {
  return field.length >= 2 && field.startsWith('"') && field.endsWith('"');
}

export function unquote(field: string): string {
  const t = field.trim();
  return isQuoted(t) ? t.slice(1, -1) : t;
}

/** The parameters after `+XXX:`; the prefix is optional (some modems drop it). */
export function paramsOf(line: string, name: string): string {
  const t = line.trim();
  const re = new RegExp(`^\\${name}\\s*:\\s*`, "i");
  return t.replace(re, "").trim();
}

/** The first line that starts with the prefix, from a line, a list or a raw response text. */
export function findLine(input: string | readonly string[], name: string): string | undefined {
  const lines = toLines(input);
  const upper = `${name.toUpperCase()}`;
  return lines.find((l) => l.toUpperCase().startsWith(upper)) ?? undefined;
}

export function toLines(input: string | readonly string[]): string[] {
  const all = typeof input === "string" ? input.split(/\r*\n|\r/) : [...input];
  return all.map((l) => l.trim()).filter((l) => l !== "");
}

/** Non-negative decimal integer (leading zeros allowed), or undefined. */
export function toInt(field: string | undefined): number | undefined {
  if (field === undefined) return undefined;
  const t = unquote(field);
  return /^\d+$/.test(t) ? Number(t) : undefined;
}

export function parseError(what: string, line: string | undefined): SmsgwError {
  return new SmsgwError("at.parse", `cannot parse ${what} from "${(line ?? "").slice(0, 80)}"`, {
    details: { line },
  });
}
