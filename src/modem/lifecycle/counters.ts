import { MODEM_STATES, type ModemState } from "./types.js";

export interface ModemCounters {
  /** Module restarts by reason: power-on, unexpected-reboot, power-down, cfun-reset, power-cycle, reopen. */
  resets: Record<string, number>;
  /** Last time the module answered a command (ISO 8601). */
  lastOkAt?: string;
  /** Milliseconds spent in each state, the current one included up to now. */
  timeInState: Record<ModemState, number>;
  state: ModemState;
  stateSince: string;
  transitions: number;
  alerts: number;
}

/** Counters for metrics and the MQTT modem topic. */
export class Counters {
  private readonly resets: Record<string, number> = {};
  private readonly time = Object.fromEntries(MODEM_STATES.map((s) => [s, 0])) as Record<
    ModemState,
    number
  >;
  private state: ModemState;
  private since: number;
  private lastOk: number | undefined;
  private transitions = 0;
  private alerts = 0;

  constructor(state: ModemState, now = Date.now()) {
    this.state = state;
    this.since = now;
  }

  enter(state: ModemState, now = Date.now()): void {
    this.time[this.state] += now - this.since;
    this.state = state;
    this.since = now;
    this.transitions++;
  }

  reset(reason: string): void {
    this.resets[reason] = (this.resets[reason] ?? 0) + 1;
  }

  ok(now = Date.now()): void {
    this.lastOk = now;
  }

  alert(): void {
    this.alerts++;
  }

  snapshot(now = Date.now()): ModemCounters {
    const timeInState = { ...this.time };
    timeInState[this.state] += now - this.since;
    const out: ModemCounters = {
      resets: { ...this.resets },
      timeInState,
      state: this.state,
      stateSince: new Date(this.since).toISOString(),
      transitions: this.transitions,
      alerts: this.alerts,
    };
    if (this.lastOk !== undefined) out.lastOkAt = new Date(this.lastOk).toISOString();
    return out;
  }
}
