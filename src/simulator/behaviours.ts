/**
 * Behaviours a test puts in front of the default command handlers: answer a
 * command differently, swallow it, or reboot when it arrives.
 */

export type CommandMatcher = string | RegExp | ((line: string) => boolean);

export type BehaviourAction =
  /** Answer with these lines and final result (final omitted → only the lines, no final). */
  | { kind: "reply"; lines: string[]; final?: string; delayMs?: number }
  /** Write these bytes verbatim (after the echo). */
  | { kind: "raw"; data: string; delayMs?: number }
  /** Never answer this command (the modem stays busy until a reboot or hang(false)). */
  | { kind: "ignore" }
  /** Reset as if power dropped, mid-command. */
  | { kind: "reboot" };

interface Entry {
  match: CommandMatcher;
  action: BehaviourAction;
  times: number;
}

export function matches(match: CommandMatcher, line: string): boolean {
  if (typeof match === "string") return line.toUpperCase().startsWith(match.toUpperCase());
  if (match instanceof RegExp) return match.test(line);
  return match(line);
}

export class Behaviours {
  private entries: Entry[] = [];

  /** Adds a behaviour for `times` matching commands (Infinity = until removed). */
  add(match: CommandMatcher, action: BehaviourAction, times = 1): () => void {
    const entry: Entry = { match, action, times };
    this.entries.push(entry);
    return () => {
      this.entries = this.entries.filter((e) => e !== entry);
    };
  }

  /** The action for a command line, consuming one use; undefined → default handling. */
  take(line: string): BehaviourAction | undefined {
    const entry = this.entries.find((e) => matches(e.match, line));
    if (entry === undefined) return undefined;
    entry.times--;
    if (entry.times <= 0) this.entries = this.entries.filter((e) => e !== entry);
    return entry.action;
  }

  clear(): void {
    this.entries = [];
  }
}

/** What respond() takes: lines + final, or raw bytes. */
export interface ReplySpec {
  lines?: string[];
  /** Default "OK". */
  final?: string;
  delayMs?: number;
  /** Write exactly these bytes instead of framed lines. */
  raw?: string;
}

export function replyAction(reply: ReplySpec): BehaviourAction {
  const delay = reply.delayMs !== undefined ? { delayMs: reply.delayMs } : {};
  if (reply.raw !== undefined) return { kind: "raw", data: reply.raw, ...delay };
  return { kind: "reply", lines: reply.lines ?? [], final: reply.final ?? "OK", ...delay };
}
