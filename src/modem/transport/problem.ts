import { isSmsgwError } from "../../errors.js";

/**
 * Why a port would not open, when a human must act (waiting alone will not fix it):
 * `no-port`: the device does not exist (wrong name, UART not enabled, USB modem unplugged);
 * `port-access-denied`: no permission (not in the dialout group);
 * `port-busy`: another program holds it (ModemManager, a second gateway, a terminal).
 */
export type PortProblem = "no-port" | "port-access-denied" | "port-busy";

/** Classifies the operating system's words (serialport's errors carry no errno code). */
export function problemOfOpenError(message: string): PortProblem | undefined {
  if (/ENOENT|no such file/i.test(message)) return "no-port";
  if (/EACCES|permission denied/i.test(message)) return "port-access-denied";
  if (/cannot lock|EBUSY|resource temporarily unavailable/i.test(message)) return "port-busy";
  return undefined;
}

/** The problem a transport open error names (`details.problem`), if any. */
export function portProblemOf(err: unknown): PortProblem | undefined {
  if (!isSmsgwError(err, "transport.open-failed")) return undefined;
  const problem = err.details.problem;
  return problem === "no-port" || problem === "port-access-denied" || problem === "port-busy"
    ? problem
    : undefined;
}
