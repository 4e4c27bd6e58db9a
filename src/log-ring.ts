/** pino's numeric levels by name: the ring filters on them and shows the names. */
export const LOG_LEVELS = {
  trace: 10,
  debug: 20,
  info: 30,
  warn: 40,
  error: 50,
  fatal: 60,
} as const;
export type LogLevelName = keyof typeof LOG_LEVELS;

/** One log line as the ring keeps it: pino's JSON object, `level` as its name. */
export type LogEntry = Record<string, unknown> & { level: string; time?: number; msg?: string };

/** A line longer than this is kept as its level, time, namespace and message only. */
const MAX_LINE_CHARS = 4096;

function levelName(n: unknown): string {
  const found = Object.entries(LOG_LEVELS).find(([, v]) => v === n);
  return found?.[0] ?? String(n);
}

/**
 * The last log lines, in memory, for the web UI's Logs section. Bounded twice: at most
 * `capacity` lines, each at most MAX_LINE_CHARS, so a burst of large lines cannot grow the
 * heap of a small Pi. It sees lines after pino has redacted them, as stdout does.
 */
export class LogRing {
  private readonly lines: string[] = [];
  private next = 0;

  constructor(readonly capacity = 500) {}

  write(line: string): void {
    const kept = line.length <= MAX_LINE_CHARS ? line.trimEnd() : shortened(line);
    if (this.lines.length < this.capacity) this.lines.push(kept);
    else this.lines[this.next] = kept;
    this.next = (this.next + 1) % this.capacity;
  }

  /** The newest `limit` entries at `minLevel` or above, newest last. */
  recent(limit = this.capacity, minLevel: LogLevelName = "trace"): LogEntry[] {
    const ordered =
      this.lines.length < this.capacity
        ? this.lines
        : [...this.lines.slice(this.next), ...this.lines.slice(0, this.next)];
    const min = LOG_LEVELS[minLevel];
    const out: LogEntry[] = [];
    for (let i = ordered.length - 1; i >= 0 && out.length < limit; i--) {
      const entry = parse(ordered[i] as string);
      if (entry !== undefined && (LOG_LEVELS[entry.level as LogLevelName] ?? 0) >= min)
        out.push(entry);
    }
    return out.reverse();
  }
}

function parse(line: string): LogEntry | undefined {
  try {
    const o = JSON.parse(line) as Record<string, unknown>;
    return { ...o, level: levelName(o.level) };
  } catch {
    return undefined;
  }
}

/** The fields of an overlong line that say what happened; the rest is dropped, not cut. */
function shortened(line: string): string {
  const o = parse(line);
  if (o === undefined) return "";
  const { level, time, ns, msg } = o;
  return JSON.stringify({
    level: LOG_LEVELS[level as LogLevelName] ?? level,
    time,
    ns,
    msg,
    truncated: true,
  });
}
