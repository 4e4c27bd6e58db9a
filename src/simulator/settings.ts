import type { CpmsSetting } from "./memories.js";
import type { Domain } from "./network.js";
import type { Profile } from "./profiles.js";

/** AT+CNMI <mode>,<mt>,<bm>,<ds>,<bfr> (27.005 §3.4.1). */
export interface Cnmi {
  mode: number;
  mt: number;
  bm: number;
  ds: number;
  bfr: number;
}

/** Settings a module forgets when it reboots (echo on, no CNMI routing, …). */
export interface Settings {
  echo: boolean;
  cmee: number;
  cmgf: number;
  cscs: string;
  cnmi: Cnmi;
  csms: number;
  /** AT+CREG=n etc.: 0 off, 1 stat URCs, 2 with location (and AcT). */
  regUrc: Record<Domain, number>;
  /** AT+COPS=3,<format>: 0 long name, 1 short, 2 numeric. */
  copsFormat: number;
  cfun: number;
  smsc: string;
  smscToa: number;
  /** AT+CPMS <mem1>,<mem2>,<mem3>. */
  cpms: CpmsSetting;
}

export function defaultSettings(
  profile: Profile,
  cnmi: Cnmi,
  smsc: string,
  cpms: CpmsSetting,
): Settings {
  return {
    echo: true,
    cmee: 0,
    cmgf: 0,
    cscs: profile.defaultCscs,
    cnmi: { ...cnmi },
    csms: 0,
    regUrc: { cs: 0, ps: 0, eps: 0 },
    copsFormat: 0,
    cfun: 1,
    smsc,
    smscToa: smsc.startsWith("+") ? 145 : 129,
    cpms: [...cpms],
  };
}

export const defaultCnmi: Cnmi = { mode: 0, mt: 0, bm: 0, ds: 0, bfr: 0 };
