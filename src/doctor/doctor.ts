import os from "node:os";
import type { OpenTransport } from "../modem/transport/types.js";
import { probeBaud, probeOrder } from "./baud-probe.js";
import type { HostUser } from "./host/device-access.js";
import { type HostResult, runPiChecks } from "./host/pi-checks.js";
import { modemFindings } from "./modem/findings.js";
import { readModemReport } from "./modem/report.js";
import { notRespondingFinding, openFailedFinding } from "./port-findings.js";
import type { DoctorReport, Finding } from "./types.js";

export interface DoctorOptions {
  /** `/dev/serial0`, `/dev/ttyUSB2`, `tcp://host:port`. */
  port: string;
  /** Tried first; then 115200, 57600, 38400, 19200, 9600. */
  baudRate?: number;
  /** A transport for the port at a baud rate (tests pass the simulator's). */
  open: (baudRate: number) => OpenTransport;
  /**
   * Raspberry Pi host checks: the filesystem root (default "/"), `force` to run them off a Pi,
   * the user whose permissions count (default: this process). false: skip them.
   */
  host?: { root?: string; force?: boolean; user?: HostUser } | false;
  probe?: { attempts?: number; timeoutMs?: number };
}

/** Host findings that already explain why the port would not open. */
const EXPLAINS_OPEN_FAILURE = new Set([
  "host-device-missing",
  "host-permission-denied",
  "host-modemmanager",
  "host-serial-getty",
  "host-port-busy",
]);

export function isTcpPort(port: string): boolean {
  return /^tcp:\/\//i.test(port.trim());
}

/** Runs every check and returns the report (never throws for a modem or host fault). */
export async function runDoctor(opts: DoctorOptions): Promise<DoctorReport> {
  const tcp = isTcpPort(opts.port);
  const problems: Finding[] = [];
  const warnings: Finding[] = [];

  // A modem behind a socket is on another box: this host's UART says nothing about it.
  const host =
    opts.host === false || tcp ? undefined : await hostChecks(opts.port, opts.host ?? {});
  if (host !== undefined) {
    problems.push(...host.problems);
    warnings.push(...host.warnings);
  }

  const rates = tcp ? [opts.baudRate ?? 115200] : probeOrder(opts.baudRate);
  const probe = await probeBaud({ open: opts.open, rates, ...opts.probe });
  const baud = tcp
    ? { probed: false, rate: null, tried: [] }
    : { probed: true, rate: probe.rate, tried: probe.tried };

  let modem: DoctorReport["modem"] = null;
  if (probe.openError !== null) {
    if (!problems.some((p) => EXPLAINS_OPEN_FAILURE.has(p.id)))
      problems.push(openFailedFinding(opts.port, probe.openError));
  } else if (probe.channel === null) {
    problems.push(notRespondingFinding(opts.port, probe.tried, tcp, host?.gpio ?? null));
  } else {
    try {
      const reading = await readModemReport(probe.channel);
      modem = reading.report;
      const found = modemFindings(modem, { port: opts.port, smscMissing: reading.smscMissing });
      problems.push(...found.problems);
      warnings.push(...found.warnings);
    } finally {
      await probe.close();
    }
  }

  return {
    port: opts.port,
    baud,
    responding: probe.channel !== null,
    modem,
    host: host?.report ?? null,
    problems,
    warnings,
    ok: problems.length === 0,
  };
}

async function hostChecks(
  port: string,
  h: { root?: string; force?: boolean; user?: HostUser },
): Promise<HostResult | undefined> {
  const root = h.root ?? "/";
  return runPiChecks(port, {
    root,
    force: h.force ?? false,
    user: h.user ?? currentUser(),
    // Our own fds only matter on the real /proc.
    ...(root === "/" ? { ownPid: process.pid } : {}),
  });
}

export function currentUser(): HostUser {
  let name = String(process.getuid?.() ?? "?");
  try {
    name = os.userInfo().username;
  } catch {
    // no passwd entry (containers): the uid will do
  }
  return { name, uid: process.getuid?.() ?? -1, gids: process.getgroups?.() ?? [] };
}
