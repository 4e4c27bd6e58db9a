import type { SimulatedModem } from "./modem.js";

/**
 * One-line injection commands for a human driving `smsgw simulate` from its stdin
 * (e.g. `sms +491701234567 hello`). Returns what to print; never throws.
 */
export const consoleHelp = [
  "sms <from> <text…>       deliver an inbound SMS (multipart when long)",
  "report <mr> [status]     status report for a sent part (0 = delivered)",
  "reg <stat> [act]         registration status (1 home, 2 searching, 5 roaming)",
  "signal <rssi>            AT+CSQ rssi 0–31, 99 unknown",
  "fail <cms>               next send fails with +CMS ERROR: <cms>",
  "fail <cms> <number|all>  every send to that number (or any) fails until 'fail off'",
  "fail off [number|all]    end a standing failure (all of them without an argument)",
  "hang | unhang            firmware hang on/off",
  "garbage                  line noise on the wire",
  "reboot                   reset without warning",
  "off | on                 cut power / apply power",
  "sim remove|insert|busy|ready",
  "urc <line…>              write an unsolicited line",
  "ussd <code> <text…>      the network answers that USSD code with this text",
  "balance <text…>          the answer to *100# (the usual balance code)",
  "call <number> [rings]    an incoming call: RING (+CLIP) every few seconds, default 5 rings",
  "sent                     list what the network received",
  "storage [SM|ME|SR]       list the SIM storage (or another memory the module has)",
].join("\n");

export function runConsoleLine(modem: SimulatedModem, input: string): string {
  const [cmd = "", ...args] = input.trim().split(/\s+/);
  const rest = input.trim().slice(cmd.length).trim();
  try {
    switch (cmd.toLowerCase()) {
      case "":
        return "";
      case "help":
      case "?":
        return consoleHelp;
      case "sms": {
        const from = args[0];
        const text = rest.slice((from ?? "").length).trim();
        if (from === undefined || text === "") return "usage: sms <from> <text…>";
        const pdus = modem.deliverSms({ from, text });
        return `delivered ${pdus.length} part(s) from ${from}`;
      }
      case "report": {
        const mr = Number(args[0]);
        const status = args[1] === undefined ? 0 : Number(args[1]);
        if (!Number.isInteger(mr) || !Number.isInteger(status))
          return "usage: report <mr> [status]";
        return modem.deliverReport(mr, { status })
          ? `status report for mr ${mr} sent`
          : "report not shown (AT+CNMI <ds> is 0 or the modem can't take it)";
      }
      case "reg": {
        const stat = Number(args[0]);
        const act = args[1] === undefined ? undefined : Number(args[1]);
        if (!Number.isInteger(stat)) return "usage: reg <stat> [act]";
        modem.setRegistration(stat, act);
        return `registration ${stat}`;
      }
      case "signal": {
        const rssi = Number(args[0]);
        if (!Number.isInteger(rssi)) return "usage: signal <rssi>";
        modem.setSignal(rssi);
        return `signal ${rssi}`;
      }
      case "fail":
        return failCommand(modem, args[0], args[1]);
      case "hang":
        modem.hang(true);
        return "hung";
      case "unhang":
        modem.hang(false);
        return "answering again";
      case "garbage":
        modem.emitGarbage();
        return "noise sent";
      case "reboot":
        modem.reboot();
        return "rebooting";
      case "off":
        modem.powerOff();
        return "power off";
      case "on":
        modem.powerOn();
        return "power on";
      case "sim":
        return simCommand(modem, args[0]);
      case "urc":
        if (rest === "") return "usage: urc <line…>";
        modem.emitUrc(rest);
        return "sent";
      case "ussd": {
        const code = args[0];
        const text = rest.slice((code ?? "").length).trim();
        if (code === undefined || text === "") return "usage: ussd <code> <text…>";
        modem.setUssdAnswer(code, text);
        return `${code} now answers "${text}"`;
      }
      case "call": {
        const rings = args[1] === undefined ? undefined : Number(args[1]);
        if (
          args[0] === undefined ||
          (rings !== undefined && !(Number.isInteger(rings) && rings > 0))
        )
          return "usage: call <number> [rings]";
        modem.call(args[0], rings);
        return `${args[0]} is calling`;
      }
      case "balance":
        if (rest === "") return "usage: balance <text…>";
        modem.setUssdAnswer("*100#", rest);
        return `*100# now answers "${rest}"`;
      case "sent":
        return modem.sent.length === 0
          ? "nothing sent yet"
          : modem.sent.map((s) => `mr ${s.reference} → ${s.to}: ${s.text}`).join("\n");
      case "storage":
        return storageListing(modem, args[0]);
      default:
        return `unknown command "${cmd}" (try help)`;
    }
  } catch (err) {
    return `error: ${err instanceof Error ? err.message : String(err)}`;
  }
}

function failCommand(modem: SimulatedModem, first?: string, target?: string): string {
  const to = target === "all" ? "*" : target;
  if (first === "off") {
    if (to !== undefined) modem.failSendsTo(to, null);
    else modem.clearSendFailures();
    return to === undefined ? "sends no longer fail" : `sends to ${target} no longer fail`;
  }
  const code = Number(first);
  if (!Number.isInteger(code) || code < 0) return "usage: fail <cms> [number|all] | fail off";
  if (to === undefined) {
    modem.failNextSend(code);
    return `next send fails with +CMS ERROR: ${code}`;
  }
  modem.failSendsTo(to, code);
  return `every send to ${target} fails with +CMS ERROR: ${code}`;
}

function storageListing(modem: SimulatedModem, which: string | undefined): string {
  const name = (which ?? "SM").toUpperCase();
  const memories = modem.memories;
  if (!memories.has(name)) return `usage: storage [${memories.names.join("|")}]`;
  const all = memories.storage(name).list(4);
  if (all.length === 0) return name === "SM" ? "SIM storage empty" : `${name} storage empty`;
  return all.map((m) => `${m.index} stat ${m.stat} ${m.pdu}`).join("\n");
}

function simCommand(modem: SimulatedModem, what: string | undefined): string {
  switch (what) {
    case "remove":
      modem.removeSim();
      return "SIM removed";
    case "insert":
      modem.insertSim();
      return "SIM inserted";
    case "busy":
      modem.setSimBusy(true);
      return "SIM busy";
    case "ready":
      modem.setSimBusy(false);
      return "SIM answering";
    default:
      return "usage: sim remove|insert|busy|ready";
  }
}
