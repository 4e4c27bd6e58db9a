import { EventEmitter } from "node:events";
import type { DigitalPin, PinLevel } from "../../src/modem/power/types.js";

/**
 * A GPIO line for tests. Records every write with its time; `on("write", v)` lets a test wire
 * it to the simulator's virtual PWRKEY. An input pin reads `level`, or `source()` when
 * given (a STATUS pin that follows the simulator's power state).
 */
export class FakePin extends EventEmitter implements DigitalPin {
  level: PinLevel;
  readonly writes: Array<{ value: PinLevel; at: number }> = [];
  closed = false;
  private readonly source: (() => PinLevel) | undefined;

  constructor(opts: { initial?: PinLevel; source?: () => PinLevel } = {}) {
    super();
    this.level = opts.initial ?? 0;
    this.source = opts.source;
  }

  async write(value: PinLevel): Promise<void> {
    this.level = value;
    this.writes.push({ value, at: Date.now() });
    this.emit("write", value);
  }

  async read(): Promise<PinLevel> {
    return this.source ? this.source() : this.level;
  }

  async close(): Promise<void> {
    this.closed = true;
  }

  /** Complete pulses seen so far: a write of `active` followed by the inactive level. */
  pulses(active: PinLevel = 1): Array<{ start: number; ms: number }> {
    const out: Array<{ start: number; ms: number }> = [];
    let start: number | undefined;
    for (const w of this.writes) {
      if (w.value === active && start === undefined) start = w.at;
      else if (w.value !== active && start !== undefined) {
        out.push({ start, ms: w.at - start });
        start = undefined;
      }
    }
    return out;
  }
}
