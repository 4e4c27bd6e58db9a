import { profileByName } from "../../modem/profiles/index.js";
import type { Finding, ModemReport } from "../types.js";

/** Weaker than this and SMS becomes unreliable (≈ CSQ 4; typical "marginal" threshold). */
export const WEAK_SIGNAL_DBM = -105;

export interface Findings {
  problems: Finding[];
  warnings: Finding[];
}

/** How to reach the modem in a suggested command (`smsgw at --port …`). */
function at(port: string, command: string): string {
  return `smsgw at --port ${shellQuote(port)} '${command}'`;
}

export function shellQuote(text: string): string {
  return /^[\w@%+=:,./-]+$/.test(text) ? text : `'${text.replace(/'/g, "'\\''")}'`;
}

/** Problems and warnings from what the modem said, each with its fix. */
export function modemFindings(
  m: ModemReport,
  ctx: { port: string; smscMissing: boolean },
): Findings {
  const problems: Finding[] = [];
  const warnings: Finding[] = [];
  problems.push(...simFindings(m, ctx.port));
  const simReady = m.sim.state === "ready";
  if (simReady) {
    const net = networkFindings(m, ctx.port);
    problems.push(...net.problems);
    warnings.push(...net.warnings);
    if (ctx.smscMissing) {
      problems.push({
        id: "sms-no-smsc",
        area: "sms",
        message: "The SIM holds no SMS service centre number, so sending fails (+CMS ERROR: 330).",
        fix: "Set your operator's SMSC number once (the module stores it on the SIM).",
        command: at(ctx.port, 'AT+CSCA="+<SMSC number>",145'),
      });
    }
    const s = m.storage;
    if (s !== null && s.used !== null && s.total !== null && s.total > 0 && s.used >= s.total) {
      warnings.push({
        id: "sms-storage-full",
        area: "sms",
        message: `SIM message storage is full (${s.used}/${s.total}): new SMS wait at the network.`,
        fix: "smsgw reads and empties the storage when it starts; to empty it by hand, delete every stored message.",
        command: at(ctx.port, "AT+CMGD=1,4"),
      });
    }
  }
  if (profileByName(m.profile)?.only2g === true) {
    warnings.push({
      id: "network-2g-only",
      area: "network",
      message: "This module is 2G only, and many operators are switching 2G off.",
      fix: "Check that your operator still runs a 2G network where the gateway stands; an LTE module (SIM7600, EC25) avoids the question.",
      command: null,
    });
  }
  return { problems, warnings };
}

function simFindings(m: ModemReport, port: string): Finding[] {
  const left = m.sim.pinAttemptsLeft;
  const attempts = left === null ? "" : ` (${left} attempt${left === 1 ? "" : "s"} left)`;
  switch (m.sim.state) {
    case "ready":
      return [];
    case "pin-required":
      return [
        {
          id: "sim-pin-required",
          area: "sim",
          message: `The SIM is locked with a PIN${attempts}.`,
          fix: "Give smsgw the PIN (modem.pin in the config, or SMSGW_MODEM_PIN), or switch the PIN lock off once. Never guess: three wrong PINs lock the SIM.",
          command: at(port, 'AT+CLCK="SC",0,"<PIN>"'),
        },
      ];
    case "puk-required":
      return [
        {
          id: "sim-puk-required",
          area: "sim",
          message: "The SIM is blocked: too many wrong PINs; it needs the PUK.",
          fix: "Unlock it with the PUK from the SIM's card and choose a new PIN (ten wrong PUKs destroy the SIM: smsgw never tries).",
          command: at(port, 'AT+CPIN="<PUK>","<new PIN>"'),
        },
      ];
    case "absent":
      return [
        {
          id: "sim-absent",
          area: "sim",
          message: "No SIM card detected.",
          fix: "Switch the modem off, insert the SIM (right way round, fully in its holder), and switch it on again.",
          command: null,
        },
      ];
    case "busy":
      return [
        {
          id: "sim-busy",
          area: "sim",
          message: "The SIM is not ready yet (still being read, or busy).",
          fix: "Wait a few seconds and run the doctor again; if it stays busy, reseat the SIM with the modem off.",
          command: null,
        },
      ];
    default:
      return [
        {
          id: `sim-${m.sim.state}`,
          area: "sim",
          message:
            m.sim.state === "failure"
              ? "The SIM card fails (SIM failure / wrong SIM)."
              : "The SIM state is unknown (or locked to another network).",
          fix: "Reseat the SIM with the modem off; try it in a phone to see whether it works and is unlocked.",
          command: at(port, "AT+CPIN?"),
        },
      ];
  }
}

function networkFindings(m: ModemReport, port: string): Findings {
  const problems: Finding[] = [];
  const warnings: Finding[] = [];
  const reg = m.registration;
  switch (reg.state) {
    case "home":
      break;
    case "roaming":
      warnings.push({
        id: "network-roaming",
        area: "network",
        message: `Registered while roaming${m.operator?.name ? ` on ${m.operator.name}` : ""}: smsgw does not send while roaming unless allowed (SMS may cost more).`,
        fix: "If roaming is intended (travel SIM, IoT SIM), allow it in the config.",
        command: "modem:\n  allowRoaming: true",
      });
      break;
    case "searching":
      problems.push({
        id: "network-searching",
        area: "network",
        message: "Not registered: the modem is searching for a network.",
        fix: "Check the antenna is connected (the main/LTE connector) and there is coverage; wait a minute after power-on.",
        command: null,
      });
      break;
    case "denied":
      problems.push({
        id: "network-denied",
        area: "network",
        message: "The network denied registration.",
        fix: "The SIM may not be activated or may have no credit, or the network no longer serves this radio type (2G/3G switch-off). Try the SIM in a phone.",
        command: null,
      });
      break;
    default:
      problems.push({
        id: "network-unregistered",
        area: "network",
        message: "Not registered, and not searching.",
        fix: "Switch the radio on and let the module pick the network automatically.",
        command: at(port, "AT+CFUN=1;+COPS=0"),
      });
  }
  const registered = reg.state === "home" || reg.state === "roaming";
  const dbm = m.signal?.dbm ?? null;
  if (registered && dbm !== null && dbm < WEAK_SIGNAL_DBM) {
    warnings.push({
      id: "network-weak-signal",
      area: "network",
      message: `Weak signal: ${dbm} dBm.`,
      fix: "Fit or move the antenna (away from the Pi and metal, near a window); an external antenna on a cable helps.",
      command: null,
    });
  }
  return { problems, warnings };
}
