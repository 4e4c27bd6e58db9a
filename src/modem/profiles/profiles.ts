import { cpinr, qpinc, spic } from "./pin-counters.js";
import type { ModemProfile, ProfileId } from "./types.js";

const upper = (line: string) => line.trim().toUpperCase();

/**
 * SIM800/SIM868 (2G). Boot: RDY (fixed baud only), +CFUN: 1, +CPIN: READY, Call Ready, SMS Ready
 * PWRKEY ≥1 s on, ≥1.5 s off; Waveshare SIM868 HAT: BCM 4, pressed by driving 0.
 */
export const sim800: ModemProfile = {
  id: "sim800",
  name: "SIMCom SIM800/SIM868",
  matches: (id) => /SIM8\d\d/i.test(id),
  restartUrcs: ["RDY"],
  bootUrcs: ["+CFUN: 1", "CALL READY", "SMS READY"],
  isSmsReadyUrc: (l) => upper(l) === "SMS READY",
  isPowerDownUrc: (l) =>
    /^NORMAL POWER (DOWN|OFF)$|^(UNDER|OVER)-VOLTAGE POWER DOWN/.test(upper(l)),
  pinCounters: [spic, cpinr],
  domains: ["cs", "ps"],
  only2g: true,
  // ofono forces <mode>=1 on SIMCom; <ds>=1 gives +CDS inline.
  cnmi: ["2,1,0,1,0", "1,1,0,1,0", "2,1,0,2,0", "2,1,0,0,0"],
  power: {
    onPulseMs: 1500,
    offPulseMs: 2000,
    bootMs: 15_000,
    offMs: 5000,
    defaultPwrkeyBcm: 4,
    defaultActiveLevel: 0,
  },
  cfunTimeoutMs: 15_000,
  smsReadyTimeoutMs: 60_000,
};

/**
 * SIM7600 (LTE). Boot: RDY, +CPIN: READY, SMS DONE, PB DONE. Waveshare SIM7600X HAT: PWRKEY on
 * BCM 6 driven HIGH to press (an inverting transistor), 2 s on / 3 s off.
 */
export const sim7600: ModemProfile = {
  id: "sim7600",
  name: "SIMCom SIM7600",
  matches: (id) => /SIM7[0-9]{3}|A76\d\d/i.test(id),
  restartUrcs: ["RDY"],
  bootUrcs: ["SMS DONE"],
  isSmsReadyUrc: (l) => upper(l) === "SMS DONE",
  isPowerDownUrc: (l) => /^NORMAL POWER DOWN$|^(UNDER|OVER)-VOLTAGE POWER DOWN/.test(upper(l)),
  pinCounters: [spic, cpinr],
  domains: ["cs", "ps", "eps"],
  only2g: false,
  cnmi: ["2,1,0,1,0", "2,1,0,2,0", "1,1,0,1,0", "2,1,0,0,0"],
  power: {
    onPulseMs: 2000,
    offPulseMs: 3000,
    bootMs: 30_000,
    offMs: 10_000,
    defaultPwrkeyBcm: 6,
    defaultActiveLevel: 1,
  },
  cfunTimeoutMs: 20_000,
  smsReadyTimeoutMs: 60_000,
};

/**
 * Quectel EC2x/EG25 (LTE). Boot: RDY, +CFUN: 1, +CPIN: READY, +QUSIM: 1, +QIND: SMS DONE,
 * +QIND: PB DONE. PWRKEY: 600 ms on, 750 ms off (mbed-os EC2X; ofono quectel).
 */
export const ec2x: ModemProfile = {
  id: "ec2x",
  name: "Quectel EC2x",
  matches: (id) => /\b(EC2\d|EG2\d|EG9\d|EM05|EC200)/i.test(id),
  restartUrcs: ["RDY"],
  bootUrcs: ["+CFUN: 1", "+QIND: SMS DONE"],
  isSmsReadyUrc: (l) => /^\+QIND:\s*"?SMS DONE"?$/.test(upper(l)),
  isPowerDownUrc: (l) => /^POWERED DOWN$|^(UNDER|OVER)[-_]VOLTAGE POWER DOWN/.test(upper(l)),
  pinCounters: [qpinc, cpinr],
  domains: ["cs", "ps", "eps"],
  only2g: false,
  cnmi: ["2,1,0,1,0", "2,1,0,2,0", "2,1,0,0,0"],
  power: { onPulseMs: 600, offPulseMs: 800, bootMs: 20_000, offMs: 5000 },
  cfunTimeoutMs: 20_000,
  smsReadyTimeoutMs: 60_000,
};

/** Anything else (USB sticks, unknown firmware): standard commands, every counter and domain tried. */
export const generic: ModemProfile = {
  id: "generic",
  name: "generic 27.007 modem",
  matches: () => true,
  restartUrcs: ["RDY"],
  bootUrcs: ["+CFUN: 1", "CALL READY", "SMS READY", "SMS DONE", "+QIND: SMS DONE"],
  isSmsReadyUrc: (l) => /^(SMS READY|SMS DONE|\+QIND:\s*"?SMS DONE"?)$/.test(upper(l)),
  isPowerDownUrc: (l) =>
    /^(NORMAL POWER (DOWN|OFF)|POWERED DOWN)$|^(UNDER|OVER)[-_]VOLTAGE POWER DOWN/.test(upper(l)),
  pinCounters: [cpinr, spic, qpinc],
  domains: ["cs", "ps", "eps"],
  only2g: false,
  cnmi: ["2,1,0,1,0", "2,1,0,2,0", "1,1,0,1,0", "2,1,0,0,0", "1,1,0,0,0"],
  power: { onPulseMs: 2000, offPulseMs: 3000, bootMs: 30_000, offMs: 10_000 },
  cfunTimeoutMs: 30_000,
  smsReadyTimeoutMs: 60_000,
};

export const profiles: Readonly<Record<ProfileId, ModemProfile>> = {
  sim800,
  sim7600,
  ec2x,
  generic,
};

export const profileIds = Object.keys(profiles) as ProfileId[];

/** Config names: the ids plus the usual model spellings (`SIM868`, `EC25`, `SIM7600`). */
export function profileByName(name: string): ModemProfile | undefined {
  const key = name.trim().toLowerCase();
  if (key in profiles) return profiles[key as ProfileId];
  if (/^sim8\d\d$/.test(key)) return sim800;
  if (/^sim7\d{3}/.test(key)) return sim7600;
  if (/^(ec2\d|eg2\d|eg9\d|ec200|quectel)/.test(key)) return ec2x;
  return undefined;
}

/** Pick the family from identity text (AT+CGMM, else ATI); `generic` when nothing matches. */
export function detectProfile(identity: string): ModemProfile {
  for (const p of [sim800, sim7600, ec2x]) if (p.matches(identity)) return p;
  return generic;
}
