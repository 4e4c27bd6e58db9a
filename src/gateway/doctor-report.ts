import type { DoctorReport, Finding } from "../doctor/index.js";
import { currentUser, isTcpPort, maskImei, runPiChecks } from "../doctor/index.js";
import type { HealthDocument } from "../health/index.js";
import type { ModemInfo } from "../modem/lifecycle/info.js";

/** What the running gateway knows of itself, read when the report is asked for. */
export interface RunningGateway {
  /** `modem.port` as configured. */
  port: string;
  modem: { state: string; reason: string; info: Readonly<ModemInfo> };
  health: () => Promise<HealthDocument>;
  /** The filesystem root the host checks read ("/"; a fake tree in tests). */
  hostRoot: string;
}

/** A check `smsgw doctor` runs that a running gateway cannot, and why. */
export interface SkippedCheck {
  check: string;
  reason: string;
}

/**
 * `smsgw doctor --json`'s shape for a gateway that is running, plus the gateway's own view:
 * `gateway` (modem state, health document) and `skipped` (checks left out, and why).
 */
export interface RunningDoctorReport extends DoctorReport {
  gateway: {
    modem: { state: string; reason: string; info: Readonly<ModemInfo> };
    health: HealthDocument;
  };
  skipped: SkippedCheck[];
}

const HOLDS_PORT = "the running gateway holds the modem's port; probing it would disturb the modem";

/**
 * The doctor's report without touching the modem: the baud probe and the modem report need
 * the port to themselves, so the modem part is what the gateway's lifecycle already knows,
 * and the health checks and the Pi host checks stand in as findings.
 */
export async function runningDoctorReport(g: RunningGateway): Promise<RunningDoctorReport> {
  const problems: Finding[] = [];
  const warnings: Finding[] = [];
  const skipped: SkippedCheck[] = [
    { check: "baud-probe", reason: HOLDS_PORT },
    { check: "modem-report", reason: `${HOLDS_PORT}; see gateway.modem for its state` },
  ];
  // Host checks are about a local serial device: a socket or the simulator has none.
  const local = g.port.startsWith("/") && !isTcpPort(g.port);
  const host = local
    ? await runPiChecks(g.port, {
        root: g.hostRoot,
        user: currentUser(),
        ...(g.hostRoot === "/" ? { ownPid: process.pid } : {}),
      })
    : undefined;
  if (!local)
    skipped.push({ check: "host", reason: `${g.port} is not a serial device on this host` });
  else if (host === undefined)
    skipped.push({ check: "host", reason: "this host is not a Raspberry Pi" });
  if (host !== undefined) {
    problems.push(...host.problems);
    warnings.push(...host.warnings);
  }
  if (g.modem.state !== "ready")
    problems.push({
      id: "gateway-modem-not-ready",
      area: "modem",
      message: `The modem is ${g.modem.state} (${g.modem.reason}).`,
      fix: "Read the AT trace and the log below; restarting the modem (System page) often helps.",
      command: null,
    });
  const health = await g.health();
  for (const [name, c] of Object.entries(health.checks)) {
    if (c.status === "pass" || name === "modem:ready") continue;
    (c.status === "fail" ? problems : warnings).push({
      id: `health-${name.replace(":", "-")}`,
      area: name.startsWith("host") ? "host" : name.startsWith("sim") ? "sim" : "sms",
      message: `${c.description}: ${String(c.observedValue)}${c.observedUnit === "" ? "" : ` ${c.observedUnit}`}.`,
      fix: "See the health document on the Diagnostics page.",
      command: null,
    });
  }
  const info = { ...g.modem.info };
  if (info.imei !== undefined) info.imei = maskImei(info.imei);
  return {
    port: g.port,
    baud: { probed: false, rate: null, tried: [] },
    responding: ["registering", "ready", "degraded", "configuring"].includes(g.modem.state),
    modem: null,
    host: host?.report ?? null,
    problems,
    warnings,
    ok: problems.length === 0,
    gateway: { modem: { ...g.modem, info }, health },
    skipped,
  };
}
