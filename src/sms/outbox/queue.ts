import type { OutboxRecord } from "../state.js";
import type { Priority } from "../types.js";

const ORDER: Priority[] = ["high", "normal", "low"];

export interface PickContext {
  now: number;
  /** Epoch ms before which this destination must not be tried. */
  blockedUntil(to: string): number;
  /**
   * The message's turn in the rotation of messages that failed while the network was out, or
   * undefined. Such messages go after every other sendable one, the longest-waiting first.
   */
  turnOf?(id: string): number | undefined;
}

export type PickResult =
  | { kind: "send"; record: OutboxRecord }
  | { kind: "expired"; record: OutboxRecord }
  | { kind: "wait"; until: number };

/**
 * Queued messages by priority, FIFO within one (by arrival sequence). A high-priority OTP
 * overtakes a low-priority newsletter; a message whose destination is backing off or whose
 * not-before time lies ahead is skipped, not allowed to block the ones behind it; so is, while
 * another message can go, one that just failed because the network was out.
 */
export class OutboxQueue {
  private readonly lanes = new Map<Priority, { items: OutboxRecord[]; head: number }>(
    ORDER.map((p) => [p, { items: [], head: 0 }]),
  );

  add(record: OutboxRecord): void {
    const lane = this.lanes.get(record.priority) ?? this.lanes.get("normal")!;
    const items = lane.items;
    // Arrivals come in sequence order; a record restored from the store may not.
    if (items.length === lane.head || (items[items.length - 1]?.seq ?? -1) < record.seq) {
      items.push(record);
      return;
    }
    let i = items.length;
    while (i > lane.head && (items[i - 1]?.seq ?? 0) > record.seq) i--;
    items.splice(i, 0, record);
  }

  /** The next message to send, one whose TTL has passed, or when to look again. */
  pick(ctx: PickContext): PickResult {
    let until = Number.POSITIVE_INFINITY;
    let later: { record: OutboxRecord; turn: number } | undefined;
    for (const p of ORDER) {
      const lane = this.lanes.get(p)!;
      this.compact(lane);
      for (let i = lane.head; i < lane.items.length; i++) {
        const r = lane.items[i]!;
        if (r.status !== "queued") continue;
        if (r.expiresAt <= ctx.now) return { kind: "expired", record: r };
        until = Math.min(until, r.expiresAt);
        if (r.notBefore !== undefined && r.notBefore > ctx.now) {
          until = Math.min(until, r.notBefore);
          continue;
        }
        const blocked = ctx.blockedUntil(r.to);
        if (blocked > ctx.now) {
          until = Math.min(until, blocked);
          continue;
        }
        const turn = ctx.turnOf?.(r.id);
        if (turn === undefined) return { kind: "send", record: r };
        if (later === undefined || turn < later.turn) later = { record: r, turn };
      }
    }
    if (later !== undefined) return { kind: "send", record: later.record };
    return { kind: "wait", until };
  }

  /** Queued messages whose TTL has passed (for expiring while the modem is away). */
  *expired(now: number): Generator<OutboxRecord> {
    for (const lane of this.lanes.values())
      for (let i = lane.head; i < lane.items.length; i++) {
        const r = lane.items[i]!;
        if (r.status === "queued" && r.expiresAt <= now) yield r;
      }
  }

  /** Earliest TTL among queued messages. */
  nextExpiry(): number {
    let min = Number.POSITIVE_INFINITY;
    for (const lane of this.lanes.values())
      for (let i = lane.head; i < lane.items.length; i++) {
        const r = lane.items[i]!;
        if (r.status === "queued" && r.expiresAt < min) min = r.expiresAt;
      }
    return min;
  }

  get size(): number {
    let n = 0;
    for (const lane of this.lanes.values()) n += lane.items.length - lane.head;
    return n;
  }

  /** Drops finished records from the front; rebuilds the array when mostly dead. */
  private compact(lane: { items: OutboxRecord[]; head: number }): void {
    while (lane.head < lane.items.length && !live(lane.items[lane.head]!)) lane.head++;
    if (lane.head > 256 && lane.head * 2 > lane.items.length) {
      lane.items = lane.items.slice(lane.head).filter(live);
      lane.head = 0;
    }
  }
}

function live(r: OutboxRecord): boolean {
  return r.status === "queued" || r.status === "sending";
}
