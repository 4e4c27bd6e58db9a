import type { ProfileName } from "./types.js";

/** One line a module prints while it boots, `afterMs` after the previous step (realistic timing). */
export interface BootStep {
  line: string;
  afterMs: number;
  /** The step after which SMS commands work (SIM800 `SMS Ready`, SIM7600 `SMS DONE`, …). */
  smsReady?: boolean;
}

/** What makes one module family look like itself on the wire. */
export interface Profile {
  name: ProfileName;
  manufacturer: string;
  model: string;
  revision: string;
  /** Lines answered to ATI. `{imei}` is replaced. */
  ati: string[];
  /** AT+CGMR answer line. */
  cgmr: string;
  /** Steps before the SIM is read; the first one is when the UART starts answering. */
  bootBeforeSim: BootStep[];
  /** Delay from the last pre-SIM step to the `+CPIN:` URC. */
  simReadyAfterMs: number;
  /** Steps after the SIM is ready (or unlocked); one of them is the SMS-ready marker. */
  bootAfterSim: BootStep[];
  /** Bytes sent as the SMS input prompt (`\r\n> `, without a line ending). */
  prompt: string;
  /** Answer to SMS commands before the SMS-ready URC (SIM800: plain ERROR, Seeed GPRS_SIM900#39). */
  smsNotReady: string;
  /** Which PIN-counter commands this family knows (SIMCom AT+SPIC, Quectel AT+QPINC, 27.007 AT+CPINR). */
  pinCounterCommands: Array<"+SPIC" | "+QPINC" | "+CPINR">;
  /** Registration domains it reports: SIM800 is 2G only (no +CEREG). */
  domains: Array<"cs" | "ps" | "eps">;
  /** Default access technology (27.007 AcT: 0 GSM, 7 E-UTRAN). */
  defaultAct: number;
  /** Whether +CREG/+CGREG with n=2 carry the AcT field (SIM800 does not). */
  regShowsAct: boolean;
  /** PWRKEY low time that switches it on / off (SIM800 ≥1 s on, ≥1.5 s off; EC2x 100 ms / 650 ms). */
  pwrkeyOnMs: number;
  pwrkeyOffMs: number;
  /** Printed when it switches off (SIM800 NORMAL POWER DOWN, Quectel POWERED DOWN). */
  powerDownUrc: string;
  /** Time from the off-pulse to the power-down line. */
  powerDownAfterMs: number;
  /** First SIM storage index (SIMCom 2G counts from 1, Quectel/SIM7600 from 0). */
  firstIndex: number;
  /** AT+CMGR of an empty slot: SIM800 answers a bare OK, others +CMS ERROR: 321. */
  emptyReadFinal: string;
  defaultCscs: string;
}

const sim800: Profile = {
  name: "SIM800",
  manufacturer: "SIMCOM_Ltd",
  model: "SIMCOM_SIM800",
  revision: "1418B04SIM800C24",
  ati: ["SIM800 R14.18"],
  cgmr: "Revision:1418B04SIM800C24",
  bootBeforeSim: [
    { line: "RDY", afterMs: 1500 },
    { line: "+CFUN: 1", afterMs: 200 },
  ],
  simReadyAfterMs: 300,
  bootAfterSim: [
    { line: "Call Ready", afterMs: 2500 },
    { line: "SMS Ready", afterMs: 800, smsReady: true },
  ],
  prompt: "\r\n> ",
  smsNotReady: "ERROR",
  pinCounterCommands: ["+SPIC"],
  domains: ["cs", "ps"],
  defaultAct: 0,
  regShowsAct: false,
  pwrkeyOnMs: 1000,
  pwrkeyOffMs: 1500,
  powerDownUrc: "NORMAL POWER DOWN",
  powerDownAfterMs: 1700,
  firstIndex: 1,
  emptyReadFinal: "OK",
  defaultCscs: "IRA",
};

const sim7600: Profile = {
  name: "SIM7600",
  manufacturer: "SIMCOM INCORPORATED",
  model: "SIMCOM_SIM7600E-H",
  revision: "LE20B04SIM7600M22",
  ati: [
    "Manufacturer: SIMCOM INCORPORATED",
    "Model: SIMCOM_SIM7600E-H",
    "Revision: SIM7600M22_V1.1",
    "IMEI: {imei}",
    "+GCAP: +CGSM",
  ],
  cgmr: "+CGMR: LE20B04SIM7600M22",
  bootBeforeSim: [{ line: "RDY", afterMs: 4000 }],
  simReadyAfterMs: 500,
  bootAfterSim: [
    { line: "SMS DONE", afterMs: 2500, smsReady: true },
    { line: "PB DONE", afterMs: 1500 },
  ],
  prompt: "\r\n> ",
  smsNotReady: "+CMS ERROR: 302",
  pinCounterCommands: ["+SPIC", "+CPINR"],
  domains: ["cs", "ps", "eps"],
  defaultAct: 7,
  regShowsAct: true,
  pwrkeyOnMs: 500,
  pwrkeyOffMs: 2500,
  powerDownUrc: "NORMAL POWER DOWN",
  powerDownAfterMs: 2000,
  firstIndex: 0,
  emptyReadFinal: "+CMS ERROR: 321",
  defaultCscs: "IRA",
};

const ec25: Profile = {
  name: "EC25",
  manufacturer: "Quectel",
  model: "EC25",
  revision: "EC25EFAR06A03M4G",
  ati: ["Quectel", "EC25", "Revision: EC25EFAR06A03M4G"],
  cgmr: "EC25EFAR06A03M4G",
  bootBeforeSim: [
    { line: "RDY", afterMs: 5000 },
    { line: "+CFUN: 1", afterMs: 300 },
  ],
  simReadyAfterMs: 300,
  bootAfterSim: [
    { line: "+QUSIM: 1", afterMs: 200 },
    { line: "+QIND: SMS DONE", afterMs: 2000, smsReady: true },
    { line: "+QIND: PB DONE", afterMs: 1500 },
  ],
  prompt: "\r\n> ",
  smsNotReady: "+CMS ERROR: 302",
  pinCounterCommands: ["+QPINC", "+CPINR"],
  domains: ["cs", "ps", "eps"],
  defaultAct: 7,
  regShowsAct: true,
  pwrkeyOnMs: 100,
  pwrkeyOffMs: 650,
  powerDownUrc: "POWERED DOWN",
  powerDownAfterMs: 1000,
  firstIndex: 0,
  emptyReadFinal: "+CMS ERROR: 321",
  defaultCscs: "GSM",
};

export const profiles: Readonly<Record<ProfileName, Profile>> = {
  SIM800: sim800,
  SIM7600: sim7600,
  EC25: ec25,
};

export const profileNames = Object.keys(profiles) as ProfileName[];

export function isProfileName(value: string): value is ProfileName {
  return (profileNames as string[]).includes(value);
}
