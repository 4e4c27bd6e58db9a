import { intArg, splitArgs } from "../command-parser.js";
import type { ModemCore } from "../core.js";
import type { Handler } from "../dispatcher.js";
import type { Reply } from "../types.js";

/** V.250 basic commands, identification (27.007 §5) and power/functionality (§8.2). */

const at: Handler = (core) => core.ok();

const echo: Handler = (core, cmd) => {
  // V.250 §6.2.4: ATE = ATE0.
  if (cmd.value === "" || cmd.value === "0") core.settings.echo = false;
  else if (cmd.value === "1") core.settings.echo = true;
  else return core.error();
  return core.ok();
};

const onlyZeroOrOne =
  (allowed: string): Handler =>
  (core, cmd) =>
    cmd.value === "" || cmd.value === allowed ? core.ok() : core.error();

const resetSettings: Handler = (core) => {
  core.settings = core.freshSettings();
  return core.ok();
};

const info: Handler = (core) =>
  core.ok(...core.profile.ati.map((l) => l.replace("{imei}", core.imei)));

function identity(value: (core: ModemCore) => string): Handler {
  return (core, cmd) => (cmd.kind === "test" ? core.ok() : core.ok(value(core)));
}

const cmee: Handler = (core, cmd) => {
  if (cmd.kind === "read") return core.ok(`+CMEE: ${core.settings.cmee}`);
  if (cmd.kind === "test") return core.ok("+CMEE: (0-2)");
  const n = cmd.kind === "exec" ? 0 : intArg(splitArgs(cmd.rawArgs)[0]);
  if (n === undefined || !(n >= 0 && n <= 2)) return core.badArgs();
  core.settings.cmee = n;
  return core.ok();
};

const cfun: Handler = (core, cmd) => {
  if (cmd.kind === "read") return core.ok(`+CFUN: ${core.settings.cfun}`);
  if (cmd.kind === "test") return core.ok("+CFUN: (0,1,4),(0,1)");
  const [funArg, rstArg] = splitArgs(cmd.rawArgs);
  const fun = intArg(funArg);
  const rst = intArg(rstArg) ?? 0;
  if (fun === undefined || ![0, 1, 4].includes(fun) || ![0, 1].includes(rst)) return core.badArgs();
  const delayMs = core.delay(core.timing.cfun, "+CFUN");
  if (rst === 1) {
    // 27.007 §8.2: reset the MT before setting it to <fun>; answers OK, then boots again.
    return { lines: [], final: "OK", delayMs, after: () => core.power.reboot() };
  }
  const was = core.settings.cfun;
  core.settings.cfun = fun;
  if (fun === 1 && was !== 1) core.network.attach();
  if (fun !== 1) core.network.detach();
  return { lines: [], final: "OK", delayMs };
};

function profileOnly(names: string[], handler: Handler): Handler {
  return (core, cmd) => (names.includes(core.profile.name) ? handler(core, cmd) : core.cme(4));
}

/** SIM800 AT+CPOWD=1: NORMAL POWER DOWN and off (no OK); =0 urgent, silent. */
const cpowd: Handler = (core, cmd) => {
  const n = intArg(splitArgs(cmd.rawArgs)[0]);
  if (cmd.kind !== "set" || (n !== 0 && n !== 1)) return core.badArgs();
  core.power.shutdown(n === 1 ? core.profile.powerDownUrc : null);
  return { lines: [], final: "", delayMs: 0 };
};

/** SIM7600 AT+CPOF / Quectel AT+QPOWD: OK, then (Quectel) POWERED DOWN, then off. */
const powerOffOk: Handler = (core) => ({
  lines: [],
  final: "OK",
  after: () => core.power.shutdown(core.profile.name === "EC25" ? core.profile.powerDownUrc : null),
});

const sRegister: Handler = (core, cmd): Reply => (cmd.kind === "read" ? core.ok("000") : core.ok());

/** AT+CCLK? (27.007 §8.15): the module's clock as the network set it. */
const cclk: Handler = (core, cmd) => {
  if (cmd.kind === "test") return core.ok();
  if (cmd.kind !== "read") return core.error();
  return core.ok(core.network.clockLine());
};

/** ATH / AT+CHUP: hang up a ringing call (27.007 §6.5). */
const hangUp: Handler = (core) => {
  core.calls.hangUp();
  return core.ok();
};

/** AT+CLIP=<n>: show the caller's number with every RING (27.007 §7.18). */
const clip: Handler = (core, cmd) => {
  if (cmd.kind === "read") return core.ok(`+CLIP: ${core.calls.clip},1`);
  if (cmd.kind === "test") return core.ok("+CLIP: (0,1)");
  const n = Number(cmd.rawArgs.trim());
  if (!(n === 0 || n === 1)) return core.badArgs();
  core.calls.clip = n;
  return core.ok();
};

export const basicHandlers: Record<string, Handler> = {
  "+CCLK": cclk,
  "": at,
  E: echo,
  V: onlyZeroOrOne("1"),
  Q: onlyZeroOrOne("0"),
  Z: resetSettings,
  "&F": resetSettings,
  "&W": at,
  "&V": at,
  I: info,
  H: hangUp,
  "+CHUP": hangUp,
  "+CLIP": clip,
  S0: sRegister,
  "+CGMI": identity((c) => c.profile.manufacturer),
  "+GMI": identity((c) => c.profile.manufacturer),
  "+CGMM": identity((c) => c.profile.model),
  "+GMM": identity((c) => c.profile.model),
  "+CGMR": identity((c) => c.profile.cgmr),
  "+GMR": identity((c) => c.profile.cgmr),
  "+CGSN": identity((c) => c.imei),
  "+GSN": identity((c) => c.imei),
  "+GCAP": identity(() => "+GCAP: +CGSM"),
  "+IPR": (core, cmd) => (cmd.kind === "read" ? core.ok("+IPR: 115200") : core.ok()),
  "+CMEE": cmee,
  "+CFUN": cfun,
  "+CPOWD": profileOnly(["SIM800"], cpowd),
  "+CPOF": profileOnly(["SIM7600"], powerOffOk),
  "+QPOWD": profileOnly(["EC25"], powerOffOk),
};
