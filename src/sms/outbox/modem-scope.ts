import { backoffDelay } from "./backoff.js";

/** Pause of all sending after a refusal judged to be the network's: 1 s doubling to 30 s. */
const NETWORK_PAUSE = { baseMs: 1_000, maxMs: 30_000, maxAttempts: 0 };

export type ModemScopeVerdict = "destination" | "network";

/**
 * Judges failures the modem calls modem-scope (+CMS 38 network out of order, 330 SMSC unknown,
 * 331 no network service, a timeout …). The modem says the same whether the network is out for
 * everyone or only this number can't be reached; what tells them apart is whether other
 * numbers go through. So a refusal counts against the message's destination when another
 * message has been sent since this one was first refused, and since the last successful send no
 * other number has been refused. Otherwise it is the network's: sending pauses briefly, the
 * message keeps its attempts and goes to the back of a rotation, so each pause ends with a try
 * of another waiting message.
 */
export class ModemScope {
  private successes = 0;
  /** Destinations refused with a modem-scope CMS code since the last successful send. */
  private readonly refused = new Set<string>();
  /** Message id → the success count when it was first refused with a modem-scope CMS code. */
  private readonly firstRefused = new Map<string, number>();
  /** Messages that failed for the network since the last success → their turn in the rotation. */
  private readonly waiting = new Map<string, number>();
  private turns = 0;
  private pauses = 0;

  /** Message `id` went through: the network works, the rotation and the pause start afresh. */
  succeeded(id: string): void {
    this.successes++;
    this.refused.clear();
    this.waiting.clear();
    this.firstRefused.delete(id);
    this.pauses = 0;
  }

  /**
   * Judges a modem-scope failure of message `id` to `to`. `cms` is false for failures without a
   * CMS code (timeout, port closed): those are the modem's own and never the destination's.
   */
  failed(id: string, to: string, cms: boolean): ModemScopeVerdict {
    if (cms) {
      this.refused.add(to);
      const first = this.firstRefused.get(id);
      if (first === undefined) this.firstRefused.set(id, this.successes);
      else if (this.successes > first && this.refused.size === 1) return "destination";
    }
    this.waiting.set(id, ++this.turns);
    this.pauses++;
    return "network";
  }

  /** How long all sending pauses after the latest "network" verdict. */
  pauseMs(): number {
    return backoffDelay(this.pauses, NETWORK_PAUSE);
  }

  /** The message's place in the rotation; undefined when it has not failed for the network. */
  turnOf(id: string): number | undefined {
    return this.waiting.get(id);
  }

  /** A finished message is forgotten. */
  forget(id: string): void {
    this.waiting.delete(id);
    this.firstRefused.delete(id);
  }
}
