import { createLogger } from "../../log.js";
import { detailOf } from "../outbound-detail.js";
import { type OutboxRecord, publicView, type SmsPersistence } from "../state.js";
import type { OutboundMessage } from "../types.js";

const log = createLogger("sms:outbox");

/**
 * Moves finished messages from the live state to the history log: appended (durable) first,
 * removed from the live file after. A crash in between leaves the message in both; the next
 * start retires it again (a repeated history line, never a lost message). Messages that finish
 * together are moved in one batch, so the live file is rewritten once for many of them.
 */
export class Retirer {
  private readonly waiting = new Map<string, OutboxRecord>();
  private running: Promise<void> | undefined;

  constructor(
    private readonly persistence: SmsPersistence,
    private readonly retired: (m: OutboundMessage) => void,
  ) {}

  add(r: OutboxRecord): void {
    this.waiting.set(r.id, r);
    this.running ??= this.drain();
  }

  async idle(): Promise<void> {
    while (this.running !== undefined) await this.running;
  }

  private async drain(): Promise<void> {
    try {
      while (this.waiting.size > 0) {
        const batch = [...this.waiting.values()];
        this.waiting.clear();
        const at = new Date().toISOString();
        try {
          await this.persistence.appendHistory(
            // With its origin, so a door can list its own finished messages.
            // With its story (status changes, parts), so it stays readable once finished.
            batch.map((r) => ({
              kind: "outbound" as const,
              finishedAt: at,
              ...detailOf(r),
            })),
          );
          // Remembered before it leaves the live state, so get(id) never misses it.
          for (const r of batch) this.retired(publicView(r));
          await this.persistence.update(
            (d) => {
              for (const r of batch) if (d.outbox[r.id] === r) delete d.outbox[r.id];
            },
            batch.map((r) => ["outbox", r.id] as const),
          );
        } catch (err) {
          // The messages stay in the live file and are retired at the next start.
          log.error({ err, count: batch.length }, "moving finished messages to the history failed");
        }
      }
    } finally {
      this.running = undefined;
    }
  }
}
