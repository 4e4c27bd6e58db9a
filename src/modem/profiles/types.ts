import type { AtCommand } from "../at/types.js";

export type ProfileId = "sim800" | "sim7600" | "ec2x" | "generic";

/** Registration domains: +CREG circuit-switched, +CGREG GPRS, +CEREG EPS (LTE). */
export type RegDomain = "cs" | "ps" | "eps";

/** Remaining SIM PIN/PUK attempts as the module reports them. */
export interface PinAttempts {
  pin?: number;
  puk?: number;
}

export interface PinCounter {
  command: AtCommand;
  parse(lines: readonly string[]): PinAttempts | undefined;
}

/** What the lifecycle needs to know about one module family. */
export interface ModemProfile {
  id: ProfileId;
  /** Human name for logs and the MQTT modem topic. */
  name: string;
  /** True when the identity text (AT+CGMM / ATI) is this family. */
  matches(identity: string): boolean;
  /** URCs that say the module has just (re)started: the first one printed after power-up. */
  restartUrcs: readonly string[];
  /** Later boot lines; seen in a settled state they mean "maybe rebooted: verify". */
  bootUrcs: readonly string[];
  /** The URC after which SMS commands work (SIM800 answers ERROR before `SMS Ready`). */
  isSmsReadyUrc(line: string): boolean;
  /** URCs printed when the module switches off (PWRKEY, AT+CPOWD, brown-out). */
  isPowerDownUrc(line: string): boolean;
  /** Where the module tells the attempts left (AT+SPIC, AT+CPINR, AT+QPINC), best first. */
  pinCounters: readonly PinCounter[];
  /** Domains it can register in (SIM800 has no EPS). */
  domains: readonly RegDomain[];
  /** Module has only a 2G radio (warn: 2G networks are being switched off). */
  only2g: boolean;
  /** AT+CNMI settings to try in order: +CMTI for SMS, +CDS (or +CDSI) for delivery reports. */
  cnmi: readonly string[];
  power: {
    /** PWRKEY low time that switches it on / off. */
    onPulseMs: number;
    offPulseMs: number;
    /** From the on-pulse to the UART answering AT. */
    bootMs: number;
    /** From the off-pulse until it is surely off (power-down URC / STATUS low). */
    offMs: number;
    /** Default BCM pin of the common HAT (Waveshare SIM7600: 6, SIM868: 4). */
    defaultPwrkeyBcm?: number;
    /** Level that presses the key on that HAT. */
    defaultActiveLevel?: 0 | 1;
  };
  /** Time AT+CFUN=1,1 may take to answer (27.007 says up to tens of seconds on LTE modules). */
  cfunTimeoutMs: number;
  /** Time from AT+CFUN=1,1 (or power-up) to the SMS-ready URC. */
  smsReadyTimeoutMs: number;
}
