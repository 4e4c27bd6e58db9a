import { EventEmitter } from "node:events";
import type { CallEvent, CallMonitor, DecidedCall } from "../sms/calls/index.js";

/**
 * The calls the MQTT bridge announces on `<base>/call`. With call triggers configured, a call
 * is announced once the automation has decided it (with its outcome), or at once as `ignored`
 * while the automation is not running; without, as the call monitor reports it.
 */
export class CallRelay extends EventEmitter<{
  call: [CallEvent | DecidedCall];
  missed: [number];
  rejected: [CallEvent];
}> {
  constructor(
    private readonly monitor: CallMonitor,
    private readonly triggers: boolean,
    private readonly decidedElsewhere: () => boolean,
  ) {
    super();
    monitor.on("missed", (n) => this.emit("missed", n));
    monitor.on("rejected", (c) => this.emit("rejected", c));
    monitor.on("call", (c) => {
      if (!this.triggers) this.emit("call", c);
      else if (!this.decidedElsewhere()) this.emit("call", { ...c, outcome: "ignored" });
    });
  }

  get missed(): number {
    return this.monitor.missed;
  }

  /** A call the automation decided. */
  decided(c: DecidedCall): void {
    this.emit("call", c);
  }
}
