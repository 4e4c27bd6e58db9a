import { join } from "node:path";
import { DurableFile } from "../store/durable-file.js";
import type { CommandAuditEvent, CommandOutcome } from "./audit.js";

/** In the store directory, beside the automation's state. */
export const COMMAND_LOG_FILE = "command-log.json";
/** The attempts kept: enough to see a guessing run, small enough for a Pi's SD card. */
export const COMMAND_LOG_LIMIT = 500;

/** Oldest first: appending and dropping the oldest are small journal records (a splice). */
interface CommandLogDoc {
  entries: CommandAuditEvent[];
}

export interface CommandLogQuery {
  /** At most this many, newest first. */
  limit: number;
  outcome?: CommandOutcome;
}

/**
 * The last command attempts as audited (the secret never part of them), durable in the store
 * directory and bounded. It also says which received SMS were command attempts, by message id.
 */
export class CommandLog {
  /** Message id → its attempt; a `lockout-started` follows an attempt and is not one. */
  private readonly attempts = new Map<string, CommandAuditEvent>();

  private constructor(
    private readonly file: DurableFile<CommandLogDoc>,
    private readonly limit: number,
  ) {
    for (const e of file.data.entries) this.index(e);
  }

  static async open(dir: string, limit = COMMAND_LOG_LIMIT): Promise<CommandLog> {
    const file = await DurableFile.open<CommandLogDoc>(
      join(dir, COMMAND_LOG_FILE),
      () => ({ entries: [] }),
      {
        normalise: (raw) => ({ entries: entriesOf(raw) }),
        // A log: losing it beats a gateway that will not start.
        onCorrupt: "start-fresh",
      },
    );
    return new CommandLog(file, limit);
  }

  /** Keeps the attempt; resolves once it is on disk. The oldest go beyond the limit. */
  append(e: CommandAuditEvent): Promise<void> {
    return this.file.update((d) => {
      d.entries.push(e);
      this.index(e);
      const over = d.entries.length - this.limit;
      if (over > 0) for (const old of d.entries.splice(0, over)) this.forget(old);
    });
  }

  /** Newest first. */
  list(q: CommandLogQuery): CommandAuditEvent[] {
    const out: CommandAuditEvent[] = [];
    const entries = this.file.data.entries;
    for (let i = entries.length - 1; i >= 0 && out.length < q.limit; i--) {
      const e = entries[i] as CommandAuditEvent;
      if (q.outcome === undefined || e.outcome === q.outcome) out.push(e);
    }
    return out;
  }

  /** The outcome of the command attempt a received SMS was, if it was one still kept. */
  outcomeOf(messageId: string): CommandOutcome | undefined {
    return this.attempts.get(messageId)?.outcome;
  }

  close(): Promise<void> {
    return this.file.close();
  }

  private index(e: CommandAuditEvent): void {
    if (e.messageId !== undefined && e.outcome !== "lockout-started")
      this.attempts.set(e.messageId, e);
  }

  private forget(e: CommandAuditEvent): void {
    if (e.messageId !== undefined && this.attempts.get(e.messageId) === e)
      this.attempts.delete(e.messageId);
  }
}

/** What a hand-edited or older file holds that looks like an attempt. */
function entriesOf(raw: unknown): CommandAuditEvent[] {
  const entries = (raw as { entries?: unknown } | null)?.entries;
  if (!Array.isArray(entries)) return [];
  return entries.filter(
    (e): e is CommandAuditEvent =>
      typeof e === "object" &&
      e !== null &&
      typeof (e as CommandAuditEvent).sender === "string" &&
      typeof (e as CommandAuditEvent).command === "string" &&
      typeof (e as CommandAuditEvent).outcome === "string" &&
      typeof (e as CommandAuditEvent).at === "string",
  );
}
