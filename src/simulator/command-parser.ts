import type { ParsedCommand } from "./types.js";

/**
 * Splits an AT command line into its commands (V.250 §5.3/§5.4): basic commands (`E0`, `&F`,
 * `S0=1`), extended ones (`+CMGF=0`) separated by `;`, spaces outside quotes ignored.
 * Returns null when the line holds no `AT` at all (a real module ignores such input) and
 * "syntax" when the text after `AT` cannot be parsed.
 */
export function parseCommandLine(line: string): ParsedCommand[] | null | "syntax" {
  const start = line.search(/at/i);
  if (start < 0) return null;
  const body = line.slice(start + 2);
  const out: ParsedCommand[] = [];
  if (body.trim() === "") return [{ name: "", kind: "exec", rawArgs: "", value: "" }];
  let i = 0;
  while (i < body.length) {
    const c = body[i]!;
    if (c === " " || c === ";") {
      i++;
      continue;
    }
    if ("+^$#%*!".includes(c)) {
      let j = i + 1;
      while (j < body.length && /[A-Za-z0-9!%\-./:_]/.test(body[j]!)) j++;
      const name = body.slice(i, j).toUpperCase();
      if (name.length < 2) return "syntax";
      const end = endOfExtended(body, j);
      const rest = body.slice(j, end).trim();
      out.push(extended(name, rest));
      i = end;
      continue;
    }
    if (c === "&") {
      const letter = body[i + 1];
      if (letter === undefined || !/[A-Za-z]/.test(letter)) return "syntax";
      const digits = /^\d*/.exec(body.slice(i + 2))![0];
      out.push({ name: `&${letter.toUpperCase()}`, kind: "exec", rawArgs: "", value: digits });
      i += 2 + digits.length;
      continue;
    }
    if (/[A-Za-z]/.test(c)) {
      const name = c.toUpperCase();
      if (name === "D") {
        // Dial: the rest of the line is the dial string.
        out.push({ name, kind: "exec", rawArgs: body.slice(i + 1).trim(), value: "" });
        break;
      }
      if (name === "S") {
        const m = /^(\d+)(=\d*|\?)?/.exec(body.slice(i + 1));
        if (m === null) return "syntax";
        const op = m[2];
        out.push({
          name: `S${m[1]}`,
          kind: op === "?" ? "read" : op === undefined ? "exec" : "set",
          rawArgs: op !== undefined && op !== "?" ? op.slice(1) : "",
          value: "",
        });
        i += 1 + m[0].length;
        continue;
      }
      const digits = /^\d*/.exec(body.slice(i + 1))![0];
      out.push({ name, kind: "exec", rawArgs: "", value: digits });
      i += 1 + digits.length;
      continue;
    }
    return "syntax";
  }
  return out;
}

function extended(name: string, rest: string): ParsedCommand {
  if (rest === "") return { name, kind: "exec", rawArgs: "", value: "" };
  if (rest === "?") return { name, kind: "read", rawArgs: "", value: "" };
  if (rest.replace(/\s/g, "") === "=?") return { name, kind: "test", rawArgs: "", value: "" };
  if (rest.startsWith("=")) return { name, kind: "set", rawArgs: rest.slice(1).trim(), value: "" };
  // Some commands take arguments without "=" (ATD-like); treat as exec with raw args.
  return { name, kind: "exec", rawArgs: rest, value: "" };
}

function endOfExtended(body: string, from: number): number {
  let quoted = false;
  for (let k = from; k < body.length; k++) {
    const ch = body[k];
    if (ch === '"') quoted = !quoted;
    else if (ch === ";" && !quoted) return k;
  }
  return body.length;
}

/** Splits `1,"SM","a,b"` at commas outside quotes; items trimmed, quotes kept. */
export function splitArgs(raw: string): string[] {
  if (raw.trim() === "") return [];
  const out: string[] = [];
  let cur = "";
  let quoted = false;
  for (const ch of raw) {
    if (ch === '"') quoted = !quoted;
    if (ch === "," && !quoted) {
      out.push(cur.trim());
      cur = "";
    } else cur += ch;
  }
  out.push(cur.trim());
  return out;
}

export function unquote(arg: string | undefined): string {
  if (arg === undefined) return "";
  const t = arg.trim();
  return t.length >= 2 && t.startsWith('"') && t.endsWith('"') ? t.slice(1, -1) : t;
}

/** An integer argument, or undefined when absent/empty; NaN when not a number. */
export function intArg(arg: string | undefined): number | undefined {
  if (arg === undefined || arg.trim() === "") return undefined;
  const t = unquote(arg);
  return /^\d+$/.test(t) ? Number(t) : Number.NaN;
}
