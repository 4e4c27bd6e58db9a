import { decodePdu, tpduLength } from "../../sms/pdu/index.js";
import { intArg, splitArgs, unquote } from "../command-parser.js";
import type { ModemCore } from "../core.js";
import type { Handler } from "../dispatcher.js";
import type { StoredSms } from "../sim-storage.js";
import type { Reply } from "../types.js";
import { checkPduInput } from "./pdu-input.js";

/**
 * Reading, listing, deleting and writing stored SMS (27.005 §3.4.2, §3.5.3–3.5.4, §4.1): read,
 * list and delete act on AT+CPMS <mem1>, write on <mem2>.
 */

const textStat = ["REC UNREAD", "REC READ", "STO UNSENT", "STO SENT"] as const;

/** Text-mode header fields for a stored PDU: `"<stat>","<addr>","",<scts>` and the text. */
function textFields(m: StoredSms): { header: string; text: string } {
  try {
    const d = decodePdu(m.pdu);
    const addr = d.from ?? d.to ?? d.recipient ?? "";
    const ts = typeof d.timestamp === "string" ? `,"${textTimestamp(d.timestamp)}"` : "";
    return { header: `"${textStat[m.stat]}","${addr}",""${ts}`, text: d.text };
  } catch {
    return { header: `"${textStat[m.stat]}","",""`, text: "" };
  }
}

/** ISO 8601 → 27.005 text-mode "yy/MM/dd,hh:mm:ss±zz" (zz in quarter hours). */
function textTimestamp(iso: string): string {
  const m = /^\d\d(\d\d)-(\d\d)-(\d\d)T(\d\d:\d\d:\d\d)(?:\.\d+)?(Z|([+-])(\d\d):(\d\d))$/.exec(
    iso,
  );
  if (m === null) return iso;
  const q = m[5] === "Z" ? 0 : (Number(m[7]) * 60 + Number(m[8])) / 15;
  const sign = m[6] === "-" ? "-" : "+";
  return `${m[1]}/${m[2]}/${m[3]},${m[4]}${sign}${String(q).padStart(2, "0")}`;
}

function markRead(m: StoredSms): void {
  if (m.stat === 0) m.stat = 1;
}

function indexArg(core: ModemCore, raw: string | undefined): number | Reply {
  const idx = intArg(raw);
  if (idx === undefined || Number.isNaN(idx)) return core.badArgs();
  if (!core.readMemory.inRange(idx)) return core.cms(321);
  return idx;
}

const cmgr: Handler = (core, cmd) => {
  const gate = core.sim.smsError();
  if (gate !== null) return gate;
  if (cmd.kind === "test") return core.ok();
  const idx = indexArg(core, splitArgs(cmd.rawArgs)[0]);
  if (typeof idx !== "number") return idx;
  const m = core.readMemory.get(idx);
  if (m === undefined) return { lines: [], final: core.profile.emptyReadFinal };
  const stat = m.stat;
  markRead(m);
  if (core.settings.cmgf === 0) return core.ok(`+CMGR: ${stat},,${tpduLength(m.pdu)}`, m.pdu);
  const t = textFields({ ...m, stat });
  return core.ok(`+CMGR: ${t.header}`, t.text);
};

const cmgl: Handler = (core, cmd) => {
  const gate = core.sim.smsError();
  if (gate !== null) return gate;
  const pduMode = core.settings.cmgf === 0;
  if (cmd.kind === "test") {
    return core.ok(
      pduMode ? "+CMGL: (0-4)" : `+CMGL: (${[...textStat, "ALL"].map((s) => `"${s}"`).join(",")})`,
    );
  }
  const raw = splitArgs(cmd.rawArgs)[0];
  let stat: number;
  if (pduMode) {
    // PDU mode takes numbers only; the text-mode strings are an error (as python-gsmmodem's captures show).
    const n = raw === undefined ? 0 : intArg(raw);
    if (n === undefined || Number.isNaN(n) || n > 4) return core.error();
    stat = n;
  } else {
    const s = raw === undefined ? "REC UNREAD" : unquote(raw).toUpperCase();
    stat = s === "ALL" ? 4 : (textStat as readonly string[]).indexOf(s);
    if (stat < 0 || raw === undefined || !raw.trim().startsWith('"')) return core.error();
  }
  const lines: string[] = [];
  for (const m of core.readMemory.list(stat)) {
    if (pduMode) lines.push(`+CMGL: ${m.index},${m.stat},,${tpduLength(m.pdu)}`, m.pdu);
    else {
      const t = textFields(m);
      lines.push(`+CMGL: ${m.index},${t.header}`, t.text);
    }
    markRead(m);
  }
  return core.ok(...lines);
};

const cmgd: Handler = (core, cmd) => {
  const gate = core.sim.smsError();
  if (gate !== null) return gate;
  const st = core.readMemory;
  if (cmd.kind === "test") {
    const used = st.list(4).map((m) => m.index);
    return core.ok(`+CMGD: (${used.join(",")}),(0-4)`);
  }
  const [idxArg, flagArg] = splitArgs(cmd.rawArgs);
  const flag = intArg(flagArg) ?? 0;
  if (Number.isNaN(flag) || flag > 4) return core.badArgs();
  if (flag > 0) {
    // delflag > 0: the index is ignored (27.005 §3.5.4).
    st.deleteByFlag(flag);
  } else {
    const idx = indexArg(core, idxArg);
    if (typeof idx !== "number") return idx;
    st.delete(idx);
  }
  // Space freed: the network may now hand over what it held back (SIM full).
  return { lines: [], final: "OK", after: () => core.inbound.flush() };
};

/** AT+CMGW=<length>[,<stat>]: prompt, PDU, stored → `+CMGW: <index>`, or 322 when full. */
const cmgw: Handler = (core, cmd) => {
  const gate = core.sim.smsError();
  if (gate !== null) return gate;
  if (cmd.kind === "test") return core.ok();
  if (core.settings.cmgf !== 0) return core.cms(302);
  const [lenArg, statArg] = splitArgs(cmd.rawArgs);
  const len = intArg(lenArg);
  const stat = intArg(statArg) ?? 2;
  if (len === undefined || Number.isNaN(len) || len < 1 || len > 164) return core.cms(304);
  if (Number.isNaN(stat) || stat > 3) return core.cms(304);
  return {
    lines: [],
    final: "",
    prompt: {
      complete(data) {
        const checked = checkPduInput(core, data, len);
        if (typeof checked !== "string") return checked;
        const index = core.writeMemory.store(checked, stat as StoredSms["stat"]);
        if (index === null) return core.cms(322);
        return core.ok(`+CMGW: ${index}`);
      },
    },
  };
};

export const smsStorageHandlers: Record<string, Handler> = {
  "+CMGR": cmgr,
  "+CMGL": cmgl,
  "+CMGD": cmgd,
  "+CMGW": cmgw,
};
