import { splitArgs, unquote } from "../command-parser.js";
import type { Handler } from "../dispatcher.js";
import { PIN_ATTEMPTS, PUK_ATTEMPTS } from "../sim-card.js";

/** SIM access: PIN/PUK (27.007 §8.3), attempt counters per vendor, IMSI/ICCID, facility lock. */

const cpin: Handler = (core, cmd) => {
  if (cmd.kind === "test") return core.ok();
  const card = core.sim.card;
  const simErr = core.sim.initialised ? null : core.cme(card.present ? 14 : 10);
  if (simErr !== null) return simErr;
  const status = card.status;
  if (status === "absent") return core.cme(10);
  if (status === "busy") return core.cme(14);
  if (status === "blocked") return core.cme(13);
  if (cmd.kind === "read") return core.ok(`+CPIN: ${status}`);
  if (cmd.kind !== "set") return core.badArgs();
  const [a, b] = splitArgs(cmd.rawArgs).map(unquote);
  if (a === undefined || a === "") return core.badArgs();
  if (status === "READY") return core.cme(3);
  if (status === "SIM PUK" && (b === undefined || b === "")) return core.cme(12);
  const result = status === "SIM PUK" ? card.enterPuk(a, b ?? "") : card.enterPin(a);
  if (result === "ok") {
    return { lines: [], final: "OK", after: () => core.sim.unlocked() };
  }
  if (result === "wrong") {
    const now = card.status;
    return {
      ...core.cme(16),
      after: () => {
        if (now === "SIM PUK" && status === "SIM PIN") core.urc("+CPIN: SIM PUK");
      },
    };
  }
  return core.cme(result === "blocked" ? 13 : 3);
};

/** SIMCom AT+SPIC: `+SPIC: <pin1>,<puk1>,<pin2>,<puk2>` attempts left. */
const spic: Handler = (core, cmd) => {
  if (!core.profile.pinCounterCommands.includes("+SPIC")) return core.cme(4);
  if (cmd.kind === "test") return core.ok();
  const err = core.sim.presentError();
  if (err !== null) return err;
  const { pinAttempts, pukAttempts } = core.sim.card;
  return core.ok(`+SPIC: ${pinAttempts},${pukAttempts},${PIN_ATTEMPTS},${PUK_ATTEMPTS}`);
};

/** Quectel AT+QPINC: `+QPINC: "SC",<pin>,<puk>` (and "P2" for PIN2). */
const qpinc: Handler = (core, cmd) => {
  if (!core.profile.pinCounterCommands.includes("+QPINC")) return core.cme(4);
  if (cmd.kind === "test") return core.ok('+QPINC: ("SC","P2")');
  const err = core.sim.presentError();
  if (err !== null) return err;
  const sc = `+QPINC: "SC",${core.sim.card.pinAttempts},${core.sim.card.pukAttempts}`;
  const p2 = `+QPINC: "P2",${PIN_ATTEMPTS},${PUK_ATTEMPTS}`;
  if (cmd.kind === "read") return core.ok(sc, p2);
  const facility = unquote(splitArgs(cmd.rawArgs)[0]).toUpperCase();
  if (facility === "SC") return core.ok(sc);
  if (facility === "P2") return core.ok(p2);
  return core.badArgs();
};

/** 27.007 AT+CPINR[=<sel_code>]: `+CPINR: <code>,<retries>,<default retries>`. */
const cpinr: Handler = (core, cmd) => {
  if (!core.profile.pinCounterCommands.includes("+CPINR")) return core.cme(4);
  if (cmd.kind === "test") return core.ok();
  const err = core.sim.presentError();
  if (err !== null) return err;
  const all: Array<[string, number, number]> = [
    ["SIM PIN", core.sim.card.pinAttempts, PIN_ATTEMPTS],
    ["SIM PUK", core.sim.card.pukAttempts, PUK_ATTEMPTS],
    ["SIM PIN2", PIN_ATTEMPTS, PIN_ATTEMPTS],
    ["SIM PUK2", PUK_ATTEMPTS, PUK_ATTEMPTS],
  ];
  const sel = cmd.kind === "set" ? unquote(splitArgs(cmd.rawArgs)[0]).toUpperCase() : "*";
  const pattern = new RegExp(`^${sel.replace(/[.+?^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*")}$`);
  return core.ok(
    ...all.filter(([c]) => pattern.test(c)).map(([c, n, d]) => `+CPINR: ${c},${n},${d}`),
  );
};

const cimi: Handler = (core, cmd) => {
  if (cmd.kind === "test") return core.ok();
  return core.sim.error("cme") ?? core.ok(core.sim.card.imsi);
};

function iccid(prefix: string): Handler {
  return (core, cmd) => {
    if (cmd.kind === "test") return core.ok();
    return core.sim.presentError() ?? core.ok(`${prefix}${core.sim.card.iccid}`);
  };
}

/** AT+CLCK="SC",<mode>[,<pin>]: query (2) or switch the SIM PIN lock (0/1). */
const clck: Handler = (core, cmd) => {
  if (cmd.kind === "test") return core.ok('+CLCK: ("SC")');
  const [fac, modeArg, pwd] = splitArgs(cmd.rawArgs).map(unquote);
  if (fac?.toUpperCase() !== "SC") return core.badArgs();
  const err = core.sim.error("cme");
  if (err !== null) return err;
  if (modeArg === "2") return core.ok(`+CLCK: ${core.sim.card.pinEnabled ? 1 : 0}`);
  if (modeArg !== "0" && modeArg !== "1") return core.badArgs();
  return core.sim.card.setLock(modeArg === "1", pwd) === "ok" ? core.ok() : core.cme(16);
};

export const simHandlers: Record<string, Handler> = {
  "+CPIN": cpin,
  "+SPIC": spic,
  "+QPINC": qpinc,
  "+CPINR": cpinr,
  "+CIMI": cimi,
  "+CCID": iccid(""),
  "+ICCID": iccid("+ICCID: "),
  "+CICCID": iccid("+ICCID: "),
  "+QCCID": iccid("+QCCID: "),
  "+CLCK": clck,
};
