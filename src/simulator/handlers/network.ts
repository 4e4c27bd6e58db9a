import { intArg, splitArgs, unquote } from "../command-parser.js";
import type { Handler } from "../dispatcher.js";
import { type Domain, isRegistered } from "../network.js";

/** Network: registration (27.007 §7.2, §10.1.20, §10.1.22), operator (§7.3), signal (§8.5), USSD (§7.15). */

function registration(domain: Domain): Handler {
  return (core, cmd) => {
    if (!core.profile.domains.includes(domain)) return core.cme(4);
    if (cmd.kind === "read") return core.ok(core.network.queryLine(domain));
    if (cmd.kind === "test") return core.ok(`${cmd.name}: (0-2)`);
    const n = cmd.kind === "exec" ? 0 : intArg(splitArgs(cmd.rawArgs)[0]);
    if (n === undefined || !(n >= 0 && n <= 2)) return core.badArgs();
    core.settings.regUrc[domain] = n;
    return core.ok();
  };
}

const cops: Handler = (core, cmd) => {
  const net = core.network;
  if (cmd.kind === "test") {
    if (core.settings.cfun !== 1) return core.cme(30);
    const act = core.profile.regShowsAct ? `,${net.act}` : "";
    return {
      ...core.ok(
        `+COPS: (2,"${net.operator.name}","${net.operator.name}","${net.operator.mccMnc}"${act}),,(0,1,2,3,4),(0,1,2)`,
      ),
      delayMs: core.delay(core.timing.copsScan, "+COPS=?"),
    };
  }
  if (cmd.kind === "read") {
    const stat = core.profile.domains.map((d) => core.network.status(d)).find(isRegistered);
    if (stat === undefined) return core.ok("+COPS: 0");
    const f = core.settings.copsFormat;
    const name = f === 2 ? net.operator.mccMnc : net.operator.name;
    const act = core.profile.regShowsAct ? `,${net.act}` : "";
    return core.ok(`+COPS: 0,${f},"${name}"${act}`);
  }
  const [modeArg, formatArg] = splitArgs(cmd.rawArgs);
  const mode = intArg(modeArg);
  const format = intArg(formatArg);
  if (mode === undefined || Number.isNaN(mode) || mode > 4) return core.badArgs();
  if (format !== undefined) {
    if (!(format >= 0 && format <= 2)) return core.badArgs();
    core.settings.copsFormat = format;
  }
  return core.ok();
};

const csq: Handler = (core, cmd) => {
  if (cmd.kind === "test") return core.ok("+CSQ: (0-31,99),(0-7,99)");
  return core.ok(core.network.signalLine());
};

/**
 * AT+CUSD=1,"<str>"[,<dcs>]: OK at once, the network's answer later as a `+CUSD` URC (or
 * none). AT+CUSD=2 ends the dialogue. Unregistered: +CME ERROR: 30 (no network service).
 */
const cusd: Handler = (core, cmd) => {
  if (cmd.kind === "read") return core.ok("+CUSD: 1");
  if (cmd.kind === "test") return core.ok("+CUSD: (0-2)");
  const [nArg, codeArg] = splitArgs(cmd.rawArgs);
  const n = intArg(nArg);
  if (n === undefined || !(n >= 0 && n <= 2)) return core.badArgs();
  if (n === 2) {
    core.ussd.cancel();
    return core.ok();
  }
  if (codeArg === undefined) return core.ok();
  if (!core.network.registeredAnywhere()) return core.cme(30);
  const line = core.ussd.answer(core.ussd.decodeRequest(unquote(codeArg)));
  return {
    lines: [],
    final: "OK",
    after: () => {
      if (line === undefined) return;
      core.scheduler.after(core.delay(core.timing.ussd, "+CUSD"), () => core.urc(line));
    },
  };
};

export const networkHandlers: Record<string, Handler> = {
  "+CREG": registration("cs"),
  "+CGREG": registration("ps"),
  "+CEREG": registration("eps"),
  "+COPS": cops,
  "+CSQ": csq,
  "+CUSD": cusd,
};
