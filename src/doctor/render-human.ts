import type { DoctorReport, Finding, FindingArea, ModemReport } from "./types.js";

const OK = "✓";
const BAD = "✗";
const WARN = "!";
const SKIP = "-";

/** The default report: sections with ✓/✗ lines, then each problem with its fix. */
export function renderHuman(r: DoctorReport): string {
  const out: string[] = [`smsgw doctor: ${r.port}`, ""];
  const flagged = (area: FindingArea, ...ids: string[]) => mark(r, area, ids);

  out.push("Port");
  const unopened = r.problems.some((p) => p.area === "port");
  if (!r.baud.probed) out.push(`  ${SKIP} baud rate: not probed (TCP socket)`);
  if (unopened) out.push(`  ${BAD} cannot open ${r.port}`);
  else if (r.baud.rate !== null) out.push(`  ${OK} answers AT at ${r.baud.rate} baud`);
  else if (r.responding) out.push(`  ${OK} answers AT`);
  else
    out.push(
      `  ${BAD} no answer to AT${r.baud.probed ? ` at ${r.baud.tried.join(", ")} baud` : ""}`,
    );

  if (r.modem !== null) out.push("", "Modem", ...modemLines(r.modem, flagged));

  if (r.host !== null) {
    out.push("", `Raspberry Pi${r.host.model === null ? "" : ` (${r.host.model})`}`);
    for (const c of r.host.checks) {
      const sym = c.ok === true ? OK : c.ok === false ? BAD : SKIP;
      out.push(`  ${sym} ${c.summary}`);
    }
  }

  out.push("");
  if (r.problems.length === 0) out.push(`${OK} No problems found.`);
  else
    out.push(
      `${BAD} ${r.problems.length} problem${r.problems.length === 1 ? "" : "s"}:`,
      ...findingLines(r.problems, BAD),
    );
  if (r.warnings.length > 0)
    out.push(
      "",
      `${WARN} ${r.warnings.length} warning${r.warnings.length === 1 ? "" : "s"}:`,
      ...findingLines(r.warnings, WARN),
    );
  return `${out.join("\n")}\n`;
}

/** ✗ when a problem of the area (and id, when given) exists, ! for a warning, ✓ otherwise. */
function mark(r: DoctorReport, area: FindingArea, ids: string[]): string {
  const hit = (f: Finding) => f.area === area && (ids.length === 0 || ids.includes(f.id));
  if (r.problems.some(hit)) return BAD;
  if (r.warnings.some(hit)) return WARN;
  return OK;
}

function modemLines(
  m: ModemReport,
  flagged: (area: FindingArea, ...ids: string[]) => string,
): string[] {
  const lines: string[] = [];
  const name = [m.manufacturer, m.model].filter((x) => x !== null).join(" ") || "unknown module";
  lines.push(`  ${OK} ${name} (profile ${m.profile})`);
  lines.push(`      firmware  ${m.firmware ?? "unknown"}`);
  lines.push(`      IMEI      ${m.imei ?? "unknown"}`);

  const sim = m.sim;
  const left = sim.pinAttemptsLeft === null ? "" : `, ${sim.pinAttemptsLeft} attempts left`;
  const simText: Record<string, string> = {
    ready: "SIM ready, no PIN needed",
    "pin-required": `SIM needs its PIN${left}`,
    "puk-required": `SIM blocked: needs the PUK${left}`,
    absent: "no SIM card",
    busy: "SIM busy / not ready",
    failure: "SIM failure",
    unknown: "SIM state unknown",
  };
  lines.push(`  ${flagged("sim")} ${simText[sim.state] ?? sim.state}`);
  if (sim.state !== "ready") return lines;

  const reg = m.registration;
  const act = reg.accessTechnology;
  const tech =
    act === null ? "" : ` on ${act.name}${act.generation === null ? "" : ` (${act.generation})`}`;
  const regText =
    reg.state === "home" || reg.state === "roaming"
      ? `registered (${reg.state}${reg.smsOnly ? ", SMS only" : ""})${tech}`
      : `not registered (${reg.state})`;
  lines.push(
    `  ${flagged("network", "network-roaming", "network-searching", "network-denied", "network-unregistered")} ${regText}`,
  );
  const op = m.operator;
  if (op !== null) {
    const code = op.mcc === null ? "" : ` (${op.mcc}/${op.mnc ?? "?"})`;
    lines.push(`      operator  ${op.name ?? "?"}${code}`);
  }
  const sig = m.signal;
  const sigText =
    sig === null || sig.dbm === null
      ? "signal unknown"
      : `signal ${sig.dbm} dBm${sig.percent === null ? "" : ` (${sig.percent} %)`}`;
  const sigMark =
    sig === null || sig.dbm === null ? SKIP : flagged("network", "network-weak-signal");
  lines.push(`  ${sigMark} ${sigText}`);
  const smscMark = m.smsc !== null ? OK : flagged("sms", "sms-no-smsc") === BAD ? BAD : SKIP;
  lines.push(`  ${smscMark} SMSC ${m.smsc ?? "none set / unknown"}`);
  const st = m.storage;
  if (st !== null)
    lines.push(
      `  ${flagged("sms", "sms-storage-full")} SMS storage ${st.memory}: ${st.used ?? "?"}/${st.total ?? "?"} used${
        st.choices.length > 0 ? ` (modem.storage may be ${st.choices.join(", ")})` : ""
      }`,
    );
  return lines;
}

function findingLines(list: readonly Finding[], sym: string): string[] {
  const out: string[] = [];
  for (const f of list) {
    out.push(`  ${sym} ${f.message}`, `    fix: ${f.fix}`);
    if (f.command !== null) for (const line of f.command.split("\n")) out.push(`      ${line}`);
  }
  return out;
}
