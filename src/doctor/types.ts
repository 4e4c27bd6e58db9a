/**
 * What `smsgw doctor` finds. These shapes are the `--json` output: field names are stable,
 * absent values are `null` (never left out) so scripts can rely on every key being there.
 */

/** Where a finding belongs (the human report groups by it). */
export type FindingArea = "port" | "modem" | "sim" | "network" | "sms" | "host";

/** One thing wrong, with what to do about it. */
export interface Finding {
  /** Stable id, e.g. `sim-pin-required`, `host-serial-console`. */
  id: string;
  area: FindingArea;
  /** What is wrong, one sentence. */
  message: string;
  /** What to do, one or two sentences. */
  fix: string;
  /** The command or config line that does it, when there is one. */
  command: string | null;
}

export interface BaudReport {
  /** false for `tcp://` ports: a socket has no baud rate. */
  probed: boolean;
  /** The rate that answered `OK` (null: nothing answered, or not probed). */
  rate: number | null;
  /** Rates tried, in order. */
  tried: number[];
}

export type SimState =
  | "ready"
  | "pin-required"
  | "puk-required"
  | "absent"
  | "busy"
  | "failure"
  | "unknown";

export type RegistrationState = "home" | "roaming" | "searching" | "denied" | "unregistered";

export interface AccessTechnologyReport {
  /** 27.007 AcT (0 GSM, 2 UTRAN, 7 E-UTRAN, …). */
  code: number;
  name: string;
  generation: "2G" | "3G" | "4G" | "5G" | null;
  /** True when the module did not say and it was inferred (a 2G-only module is on GSM). */
  inferred: boolean;
}

export interface ModemReport {
  manufacturer: string | null;
  model: string | null;
  firmware: string | null;
  /** Masked: `8612…0128`. The full IMEI identifies the device: it stays off screens and logs. */
  imei: string | null;
  /** smsgw module profile detected from the model (`sim800`, `sim7600`, `ec2x`, `generic`). */
  profile: string;
  sim: {
    state: SimState;
    pinRequired: boolean;
    /** PIN attempts left when the module tells (AT+SPIC, AT+CPINR, AT+QPINC). */
    pinAttemptsLeft: number | null;
  };
  registration: {
    state: RegistrationState;
    /** Domain carrying it: cs (+CREG), ps (+CGREG), eps (+CEREG). */
    domain: "cs" | "ps" | "eps" | null;
    smsOnly: boolean;
    accessTechnology: AccessTechnologyReport | null;
  };
  operator: { name: string | null; mcc: string | null; mnc: string | null } | null;
  signal: { rssi: number | null; dbm: number | null; percent: number | null } | null;
  /** SMS service centre from AT+CSCA? (null: none set, or the modem would not say). */
  smsc: string | null;
  storage: {
    memory: string;
    used: number | null;
    total: number | null;
    /**
     * The values `modem.storage` can take on this module: memories (SM, ME, MT) it accepts both
     * for reading and for receiving into (AT+CPMS=?); empty when it would not say.
     */
    choices: string[];
  } | null;
}

export interface HostCheck {
  /** `uart-enabled`, `serial-console`, `device-exists`, `device-permission`, `port-holders`, `undervoltage`, `gpio`. */
  id: string;
  /** true passed, false failed (a problem or warning says why), null not applicable / unknown. */
  ok: boolean | null;
  summary: string;
}

export interface HostReport {
  /** From /proc/device-tree/model, e.g. `Raspberry Pi 4 Model B Rev 1.4`. */
  model: string | null;
  checks: HostCheck[];
}

export interface DoctorReport {
  port: string;
  baud: BaudReport;
  /** Whether the modem answered `AT` at all. */
  responding: boolean;
  modem: ModemReport | null;
  /** Raspberry Pi host checks; null when not on a Pi. */
  host: HostReport | null;
  /** Errors: smsgw will not work until they are fixed (exit code 1). */
  problems: Finding[];
  /** Works, but worth a look (roaming, weak signal, 2G only, SIM storage full). */
  warnings: Finding[];
  ok: boolean;
}

/** The result of one host or modem check: its line in the report plus what it found. */
export interface CheckOutcome {
  check: HostCheck;
  problems: Finding[];
  warnings: Finding[];
}
