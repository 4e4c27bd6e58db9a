import type { ProfileId, RegDomain } from "../profiles/types.js";
import type { RegistrationStatus } from "./types.js";

export type SimStatus =
  | "ready"
  | "pin-required"
  | "puk-required"
  | "absent"
  | "busy"
  | "failure"
  | "unknown";

/** What the modem told us; published on `<base>/modem` by the bridge. */
export interface ModemInfo {
  profile?: ProfileId;
  manufacturer?: string;
  model?: string;
  revision?: string;
  imei?: string;
  sim?: SimStatus;
  /** PIN attempts left, when the module tells (AT+SPIC/CPINR/QPINC). */
  pinAttemptsLeft?: number;
  registration?: RegistrationStatus;
  /** Per-domain 27.007 <stat> (cs = +CREG, ps = +CGREG, eps = +CEREG). */
  registrationStats?: Partial<Record<RegDomain, number>>;
  smsOnly?: boolean;
  /** Access technology: 27.007 AcT number, its name ("LTE") and generation ("4G"). */
  act?: { code: number; name: string; generation?: "2G" | "3G" | "4G" | "5G" };
  operator?: { name?: string; mcc?: string; mnc?: string };
  signal?: { rssi: number | null; dbm: number | null; percent: number | null };
  smsc?: string;
  storage?: { memory: string; used: number | null; total: number | null };
  /** The AT+CNMI in force and how delivery reports arrive: `+CDS` inline, `+CDSI` stored, or none. */
  cnmi?: string;
  deliveryReports?: "cds" | "cdsi" | "none";
}
