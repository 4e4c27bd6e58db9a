import { type DecodedSms, decodePdu, encodeSubmit } from "../../sms/pdu/index.js";
import { intArg, splitArgs, unquote } from "../command-parser.js";
import type { ModemCore } from "../core.js";
import type { Handler } from "../dispatcher.js";
import type { Reply, SentSms } from "../types.js";
import { checkPduInput } from "./pdu-input.js";

/**
 * AT+CMGS (27.005 §3.5.1 PDU mode, §4.3 text mode): prompt, data, Ctrl-Z; the "network"
 * receives the decoded SUBMIT and the modem answers `+CMGS: <mr>` after the send time.
 */

function completeSend(core: ModemCore, pdu: string): Reply {
  const delayMs = core.delay(core.timing.send, "+CMGS");
  const fail = (code: number): Reply => ({ ...core.cms(code), delayMs });
  let decoded: DecodedSms;
  try {
    decoded = decodePdu(pdu);
  } catch {
    return fail(304);
  }
  if (decoded.type !== "submit") return fail(304);
  // An empty SMSC field means "use AT+CSCA"; with none set the module can't send (330).
  if (decoded.smsc === null && core.settings.smsc === "") return fail(330);
  if (!core.network.registeredAnywhere()) return fail(331);
  const to = decoded.to ?? "";
  const refused = core.network.refusal(to);
  if (refused !== undefined) return fail(refused);
  const reference = core.takeMessageReference();
  const sent: SentSms = {
    to,
    text: decoded.text,
    pdu,
    reference,
    decoded,
    statusReportRequested: decoded.statusReportRequested === true,
    at: new Date(),
  };
  return {
    lines: [`+CMGS: ${reference}`],
    final: "OK",
    delayMs,
    after: () => {
      core.sent.push(sent);
      core.events.emit("sent", sent);
      core.inbound.autoReport(sent);
    },
  };
}

const cmgs: Handler = (core, cmd) => {
  const gate = core.sim.smsError();
  if (gate !== null) return gate;
  if (cmd.kind === "test") return core.ok();
  if (cmd.kind !== "set") return core.cms(core.settings.cmgf === 0 ? 304 : 305);
  const [first] = splitArgs(cmd.rawArgs);
  if (core.settings.cmgf === 0) {
    const len = intArg(first);
    // A TPDU is at most 164 octets (23.040 §9.2.2.2 with a 140-octet UD).
    if (len === undefined || Number.isNaN(len) || len < 7 || len > 164) return core.cms(304);
    return {
      lines: [],
      final: "",
      prompt: {
        complete(data) {
          const checked = checkPduInput(core, data, len);
          return typeof checked === "string" ? completeSend(core, checked) : checked;
        },
      },
    };
  }
  const to = unquote(first);
  if (!/^\+?\d{1,20}$/.test(to)) return core.cms(305);
  return {
    lines: [],
    final: "",
    prompt: {
      complete(text) {
        // Text mode: the module builds the SUBMIT itself (one part; longer text is cut).
        let pdu: string;
        try {
          pdu = encodeSubmit({ to, text: text.replace(/\r\n?/g, "\n"), maxParts: 255 }).parts[0]!
            .pdu;
        } catch {
          return core.cms(305);
        }
        return completeSend(core, pdu);
      },
    },
  };
};

export const smsSendHandlers: Record<string, Handler> = {
  "+CMGS": cmgs,
};
