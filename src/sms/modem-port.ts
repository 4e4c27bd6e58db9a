import type { AtCommand, AtResponse, AtRunner, Urc } from "../modem/at/index.js";

/**
 * What the SMS service needs from the modem layer: the AT channel (for CMGS/CMGR/CMGL/CMGD
 * and the URCs), whether SMS can be sent now, and a promise for when it can. `Modem`
 * (src/modem) satisfies it.
 */
export interface AtPort {
  run(cmd: AtCommand): Promise<AtResponse>;
  session<T>(fn: (at: AtRunner) => Promise<T>, opts?: { priority?: number }): Promise<T>;
  on(event: "urc", listener: (u: Urc) => void): unknown;
  off(event: "urc", listener: (u: Urc) => void): unknown;
}

export interface ModemStateChange {
  from: string;
  to: string;
  reason?: string;
}

export interface ModemPort {
  readonly at: AtPort;
  /** "ready" when SMS can be sent and read. */
  readonly state: string;
  whenReady(signal?: AbortSignal): Promise<void>;
  on(event: "state", listener: (e: ModemStateChange) => void): unknown;
  off(event: "state", listener: (e: ModemStateChange) => void): unknown;
}

export function isReady(modem: ModemPort): boolean {
  return modem.state === "ready";
}
