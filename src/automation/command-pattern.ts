/**
 * Command patterns as owners write them in config, matched against the words of an SMS:
 *
 *   RELAY <name> <state:ON|OFF>     literal keyword, a word argument, a choice argument
 *   TEMP?                           a literal (matched case-insensitively)
 *   HEAT <minutes:int>              an integer argument
 *   SAY <text...>                   the rest of the message (last only; payloads only)
 *   RELAY <name> ON|OFF             a bare choice: captured as `arg<N>` (its argument position)
 *   NOTE <title:any>                a word of any printable characters (opt-in)
 *
 * A word argument may end up in an MQTT topic, so by default it is 1–64 characters of
 * A–Z a–z 0–9 _ - . : no level separators, wildcards, control or format characters (which
 * brokers refuse, dropping the connection), no look-alike full-width or bidi-reordered text
 * that reads differently in a log than it is. `:any` widens that to any printable text after
 * NFKC normalisation; rest arguments refuse control and format characters.
 *
 * Words are separated by any whitespace; literals and choices ignore case (a choice captures
 * the spelling of the pattern, so `on` arrives as `ON`).
 */

export type PatternToken =
  | { kind: "literal"; text: string }
  | { kind: "word"; name: string }
  | { kind: "any"; name: string }
  | { kind: "int"; name: string }
  | { kind: "choice"; name: string; options: string[] }
  | { kind: "rest"; name: string };

export interface CommandPattern {
  source: string;
  /** The first literal, upper case: an SMS starting with it is an attempt at this command. */
  keyword: string;
  tokens: PatternToken[];
}

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

export function parseCommandPattern(source: string): CommandPattern {
  const words = source
    .trim()
    .split(/\s+/)
    .filter((w) => w !== "");
  if (words.length === 0) throw new Error("a command pattern must not be empty");
  const tokens: PatternToken[] = [];
  let argIndex = 0;
  const names = new Set<string>();
  const named = (name: string) => {
    if (!NAME.test(name)) throw new Error(`"${name}" is not a valid argument name`);
    if (names.has(name)) throw new Error(`argument "${name}" appears twice`);
    names.add(name);
    return name;
  };
  for (const w of words) {
    if (tokens.at(-1)?.kind === "rest")
      throw new Error("<…...> must be the last word of a pattern");
    const m = /^<([^>]*)>$/.exec(w);
    if (m !== null) {
      argIndex++;
      const body = m[1] as string;
      tokens.push(argToken(body, w, named));
      continue;
    }
    if (w.includes("<") || w.includes(">")) throw new Error(`"${w}": write arguments as <name>`);
    if (w.includes("|")) {
      argIndex++;
      tokens.push({ kind: "choice", name: named(`arg${argIndex}`), options: options(w, w) });
      continue;
    }
    tokens.push({ kind: "literal", text: w.toUpperCase() });
  }
  const first = tokens[0];
  if (first?.kind !== "literal")
    throw new Error("a command pattern starts with a keyword, e.g. RELAY <name>");
  // A leading number is read as the one-time code or PIN, so it cannot be a keyword.
  if (/^\d+$/.test(first.text)) throw new Error("a command keyword must not be a number");
  return { source: words.join(" "), keyword: first.text, tokens };
}

function argToken(body: string, word: string, named: (n: string) => string): PatternToken {
  if (body.endsWith("...")) return { kind: "rest", name: named(body.slice(0, -3)) };
  const colon = body.indexOf(":");
  if (colon < 0) return { kind: "word", name: named(body) };
  const name = named(body.slice(0, colon));
  const spec = body.slice(colon + 1);
  if (spec === "int") return { kind: "int", name };
  if (spec === "any") return { kind: "any", name };
  return { kind: "choice", name, options: options(spec, word) };
}

function options(spec: string, word: string): string[] {
  const opts = spec.split("|");
  if (opts.length < 2 || opts.some((o) => o === ""))
    throw new Error(`"${word}": a choice is written A|B`);
  return opts;
}

export type CommandArgs = Record<string, string | number>;

/** Longest word argument: a topic level or a name, not a message. */
export const MAX_WORD = 64;
/** Longest rest argument (a long concatenated SMS is still accepted as a note). */
const MAX_REST = 1000;
const SAFE_WORD = new RegExp(`^[A-Za-z0-9_.-]{1,${MAX_WORD}}$`);
/** Control (Cc), format (Cf: bidi overrides, zero-width), separators and lone surrogates. */
const UNSAFE = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Cs}\uFFFE\uFFFF]/u;

/** Names of the rest arguments of a pattern (they must not be used in topics). */
export function restArgNames(pattern: CommandPattern): string[] {
  return pattern.tokens.filter((t) => t.kind === "rest").map((t) => t.name);
}

/** The arguments when `text` (without the secret) matches, else undefined. */
export function matchCommand(pattern: CommandPattern, text: string): CommandArgs | undefined {
  const words = splitWords(text);
  const args: CommandArgs = {};
  let i = 0;
  for (const t of pattern.tokens) {
    if (t.kind === "rest") {
      if (i >= words.length) return undefined;
      const rest = words.slice(i).join(" ");
      if (rest.length > MAX_REST || UNSAFE.test(rest)) return undefined;
      args[t.name] = rest;
      return args;
    }
    const w = words[i++];
    if (w === undefined) return undefined;
    switch (t.kind) {
      case "literal":
        if (w.toUpperCase() !== t.text) return undefined;
        break;
      case "word":
        if (!SAFE_WORD.test(w)) return undefined;
        args[t.name] = w;
        break;
      case "any": {
        const v = w.normalize("NFKC");
        if (v.length > MAX_WORD || UNSAFE.test(v) || /[/+#]/.test(v)) return undefined;
        args[t.name] = v;
        break;
      }
      case "int":
        if (!/^-?\d{1,9}$/.test(w)) return undefined;
        args[t.name] = Number(w);
        break;
      case "choice": {
        const hit = t.options.find((o) => o.toUpperCase() === w.toUpperCase());
        if (hit === undefined) return undefined;
        args[t.name] = hit;
        break;
      }
    }
  }
  return i === words.length ? args : undefined;
}

export function splitWords(text: string): string[] {
  return text
    .trim()
    .split(/\s+/)
    .filter((w) => w !== "");
}

/** The first word, upper case ("" for an empty text). */
export function firstKeyword(text: string): string {
  return (splitWords(text)[0] ?? "").toUpperCase();
}
