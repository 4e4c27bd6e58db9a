import type { ModemConfig } from "../config/schema.js";
import { notRespondingFinding, portProblemFinding } from "../doctor/port-findings.js";
import type { Finding } from "../doctor/types.js";
import type { Logger } from "../log.js";
import type { StateChange } from "../modem/modem.js";
import type { PortProblem } from "../modem/transport/index.js";

const PORT_PROBLEMS: ReadonlySet<string> = new Set<PortProblem>([
  "no-port",
  "port-access-denied",
  "port-busy",
]);

/** The doctor's advice for a modem that failed for a reason a human must fix; else undefined. */
export function modemProblemAdvice(reason: string, c: ModemConfig): Finding | undefined {
  if (PORT_PROBLEMS.has(reason)) {
    const f = portProblemFinding(c.port, reason as PortProblem);
    return {
      ...f,
      fix: `${f.fix} Set modem.port (or SMSGW_MODEM_PORT) to the modem's port; \`smsgw doctor\` checks the whole set-up.`,
    };
  }
  if (reason === "not-a-modem") {
    const tcp = c.port.startsWith("tcp://");
    return notRespondingFinding(c.port, [c.baudRate], tcp, null);
  }
  return undefined;
}

const ANSWERED: ReadonlySet<string> = new Set([
  "off",
  "configuring",
  "sim-locked",
  "registering",
  "ready",
  "degraded",
]);

interface StateSource {
  on(event: "state", listener: (e: StateChange) => void): unknown;
  off(event: "state", listener: (e: StateChange) => void): unknown;
}

/**
 * Logs at error level, with the fix, each time the modem fails for a reason waiting will not
 * cure (a missing port, a device that is not a modem). Once per episode: the channel keeps
 * retrying the port, and a log line per retry would bury everything else. Returns the unsubscribe.
 */
export function logModemProblems(modem: StateSource, c: ModemConfig, log: Logger): () => void {
  let reported: string | undefined;
  const onState = (e: StateChange) => {
    // The module answered (or the modem was stopped): a later failure is a new episode.
    if (ANSWERED.has(e.to)) reported = undefined;
    const advice = e.to === "failed" ? modemProblemAdvice(e.reason, c) : undefined;
    if (advice === undefined) return;
    if (reported === e.reason) return;
    reported = e.reason;
    log.error(
      { port: c.port, reason: e.reason, finding: advice.id, command: advice.command },
      `modem ${e.to}/${e.reason}: ${advice.message} ${advice.fix}`,
    );
  };
  modem.on("state", onState);
  return () => modem.off("state", onState);
}
