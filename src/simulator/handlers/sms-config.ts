import { intArg, splitArgs, unquote } from "../command-parser.js";
import type { ModemCore } from "../core.js";
import type { Handler } from "../dispatcher.js";
import type { MemoryName } from "../memories.js";
import type { Reply } from "../types.js";

/** SMS set-up commands (27.005 §3.1–3.4): format, charset, routing, storage, SMSC, service. */

/** SIM800 refuses even SMS settings before `SMS Ready`; others only need the SIM. */
function settingsGate(core: ModemCore): Reply | null {
  return core.profile.name === "SIM800" ? core.sim.smsError() : core.sim.error("cms");
}

const cmgf: Handler = (core, cmd) => {
  const gate = settingsGate(core);
  if (gate !== null) return gate;
  if (cmd.kind === "read") return core.ok(`+CMGF: ${core.settings.cmgf}`);
  if (cmd.kind === "test") return core.ok("+CMGF: (0,1)");
  const n = cmd.kind === "exec" ? 0 : intArg(splitArgs(cmd.rawArgs)[0]);
  if (n !== 0 && n !== 1) return core.badArgs();
  core.settings.cmgf = n;
  return core.ok();
};

const charsets = ["GSM", "IRA", "UCS2", "HEX", "PCCP936", "8859-1"];

const cscs: Handler = (core, cmd) => {
  if (cmd.kind === "read") return core.ok(`+CSCS: "${core.settings.cscs}"`);
  if (cmd.kind === "test") return core.ok(`+CSCS: (${charsets.map((c) => `"${c}"`).join(",")})`);
  const cs = unquote(splitArgs(cmd.rawArgs)[0]).toUpperCase();
  if (!charsets.includes(cs)) return core.badArgs();
  core.settings.cscs = cs;
  return core.ok();
};

const cnmi: Handler = (core, cmd) => {
  const gate = settingsGate(core);
  if (gate !== null) return gate;
  const c = core.settings.cnmi;
  if (cmd.kind === "read") return core.ok(`+CNMI: ${c.mode},${c.mt},${c.bm},${c.ds},${c.bfr}`);
  if (cmd.kind === "test") return core.ok("+CNMI: (0-3),(0-3),(0,2),(0-2),(0,1)");
  const args = splitArgs(cmd.rawArgs).map(intArg);
  const limits = [3, 3, 3, 2, 1];
  const next = [c.mode, c.mt, c.bm, c.ds, c.bfr];
  for (let i = 0; i < args.length; i++) {
    const v = args[i];
    if (i >= limits.length) return core.cms(303);
    if (v === undefined) continue;
    if (Number.isNaN(v) || v > limits[i]!) return core.cms(303);
    next[i] = v;
  }
  const [mode, mt, bm, ds, bfr] = next as [number, number, number, number, number];
  core.settings.cnmi = { mode, mt, bm, ds, bfr };
  return core.ok();
};

/**
 * AT+CPMS (27.005 §3.2.2): set answers the counts of all three memories in force (SIM800:
 * `+CPMS: 0,30,0,30,0,30`), read names them, test lists what each parameter accepts.
 */
const cpms: Handler = (core, cmd) => {
  const gate = core.sim.smsError();
  if (gate !== null) return gate;
  const memories = core.memories;
  const counts = (m: MemoryName): string => {
    const { used, capacity } = memories.storage(m);
    return `${used},${capacity}`;
  };
  if (cmd.kind === "test") {
    const lists = memories.choices().map((l) => `(${l.map((m) => `"${m}"`).join(",")})`);
    return core.ok(`+CPMS: ${lists.join(",")}`);
  }
  if (cmd.kind === "read") {
    return core.ok(`+CPMS: ${core.settings.cpms.map((m) => `"${m}",${counts(m)}`).join(",")}`);
  }
  const mems = splitArgs(cmd.rawArgs).map((m) => unquote(m).toUpperCase());
  if (mems.length === 0 || mems.length > 3) return core.cms(302);
  // A memory the module lacks (MT, BM, …) or one a parameter can't take is refused whole.
  const choices = memories.choices();
  if (mems.some((m, i) => !(choices[i] as string[]).includes(m))) return core.cms(302);
  mems.forEach((m, i) => {
    core.settings.cpms[i] = m as MemoryName;
  });
  return core.ok(`+CPMS: ${core.settings.cpms.map(counts).join(",")}`);
};

const csca: Handler = (core, cmd) => {
  const gate = settingsGate(core);
  if (gate !== null) return gate;
  if (cmd.kind === "test") return core.ok();
  if (cmd.kind === "read") {
    // +CMS ERROR: 330 means "SMSC address unknown".
    if (core.settings.smsc === "") return core.cms(330);
    return core.ok(`+CSCA: "${core.settings.smsc}",${core.settings.smscToa}`);
  }
  const [addr, toa] = splitArgs(cmd.rawArgs);
  const number = unquote(addr);
  if (!/^\+?\d{0,20}$/.test(number)) return core.badArgs();
  core.settings.smsc = number;
  core.settings.smscToa = intArg(toa) ?? (number.startsWith("+") ? 145 : 129);
  return core.ok();
};

const csms: Handler = (core, cmd) => {
  if (cmd.kind === "test") return core.ok("+CSMS: (0,1)");
  if (cmd.kind === "read") return core.ok(`+CSMS: ${core.settings.csms},1,1,1`);
  const n = intArg(splitArgs(cmd.rawArgs)[0]);
  if (n !== 0 && n !== 1) return core.cms(303);
  core.settings.csms = n;
  return core.ok("+CSMS: 1,1,1");
};

/** AT+CNMA: acknowledges a +CMT/+CDS (phase 2+ only); a second one gets 340 (no +CNMA acknowledgement expected). */
const cnma: Handler = (core) => {
  return core.inbound.acknowledge() ? core.ok() : core.cms(340);
};

const acceptAll: Handler = (core, cmd) => (cmd.kind === "read" ? core.ok() : core.ok());

export const smsConfigHandlers: Record<string, Handler> = {
  "+CMGF": cmgf,
  "+CSCS": cscs,
  "+CNMI": cnmi,
  "+CPMS": cpms,
  "+CSCA": csca,
  "+CSMS": csms,
  "+CNMA": cnma,
  "+CSMP": acceptAll,
  "+CSDH": acceptAll,
  "+CMMS": acceptAll,
};
