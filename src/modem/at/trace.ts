import { isSecretCommand, redactCommand } from "./redact.js";

/** One line of AT traffic: `out` to the modem, `in` from it. */
export interface TraceLine {
  /** ISO 8601. */
  at: string;
  dir: "out" | "in";
  line: string;
}

/** Lines kept by default: a few minutes of a quiet gateway, the last dozen sends of a busy one. */
export const TRACE_LINES = 500;

/**
 * The last N lines of AT traffic, for bug reports. PINs, PUKs and passwords are masked both
 * ways: in the commands we write and in their echo (a module with echo on sends them back).
 */
export class AtTrace {
  private readonly ring: TraceLine[] = [];
  private next = 0;

  constructor(private readonly capacity = TRACE_LINES) {}

  add(dir: "out" | "in", text: string, now = new Date()): void {
    if (this.capacity <= 0) return;
    const line = isSecretCommand(text.trim()) ? redactCommand(text.trim(), true) : text;
    const entry = { at: now.toISOString(), dir, line };
    if (this.ring.length < this.capacity) this.ring.push(entry);
    else this.ring[this.next] = entry;
    this.next = (this.next + 1) % this.capacity;
  }

  /** Oldest first. */
  lines(): TraceLine[] {
    return this.ring.length < this.capacity
      ? [...this.ring]
      : [...this.ring.slice(this.next), ...this.ring.slice(0, this.next)];
  }
}
