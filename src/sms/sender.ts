import { parseCmgs } from "../modem/at/index.js";
import type { AtPort } from "./modem-port.js";

export interface WirePart {
  pdu: string;
  tpduLength: number;
}

/** CMGS waits for the network: modules document up to 120 s; ModemManager waits 300 s. */
const CMGS_TIMEOUT_MS = 180_000;

/**
 * Sends the parts of one message from `from` on, one `AT+CMGS=<len>` each, holding the modem
 * for the whole message so the next part follows the moment the previous one is accepted
 * (no idle gaps, no other command between the parts). `onAccepted` runs for each part with
 * its TP-MR. Throws the AtError of the first part that fails; earlier parts stay accepted.
 */
export function sendParts(
  at: AtPort,
  parts: readonly WirePart[],
  from: number,
  signal: AbortSignal | undefined,
  onAccepted: (index: number, mr: number) => void,
): Promise<void> {
  return at.session(async (runner) => {
    for (let i = from; i < parts.length; i++) {
      const part = parts[i]!;
      const res = await runner.run({
        command: `AT+CMGS=${part.tpduLength}`,
        expect: "+CMGS:",
        prompt: { data: part.pdu },
        timeoutMs: CMGS_TIMEOUT_MS,
        ...(signal === undefined ? {} : { signal }),
      });
      onAccepted(i, referenceOf(res.lines));
    }
  });
}

/** The part went out (final OK) even if the `+CMGS:` line is odd: never resend it for that. */
function referenceOf(lines: readonly string[]): number {
  try {
    return parseCmgs(lines).reference;
  } catch {
    return -1;
  }
}
