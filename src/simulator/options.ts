import type { NetworkOptions, OperatorInfo } from "./network.js";
import type { Cnmi } from "./settings.js";
import type { TimingOption } from "./timing.js";
import type { ProfileName } from "./types.js";
import type { SimUssdAnswer, SimUssdStyle } from "./ussd.js";

export interface SimulatedModemOptions {
  /** Module family to imitate. Default "SIM800". */
  profile?: ProfileName;
  /** "instant" (default): answers on the next tick; "realistic": seconds for sends and boot. */
  timing?: TimingOption;
  /**
   * true (default): the module is already running and idle, as when the gateway restarts
   * while the modem stays on — no boot URCs will come. false: off until PWRKEY or powerOn().
   */
  poweredOn?: boolean;
  /** SIM PIN: when set, the PIN lock is enabled and the SIM starts locked. */
  pin?: string;
  /** SIM PUK (default "12345678"). */
  puk?: string;
  /** No SIM in the slot at start. */
  simAbsent?: boolean;
  /** SIM SMS storage slots (default 30). */
  simCapacity?: number;
  /**
   * Where incoming SMS are stored (default "SM"). "ME": in the module's phone memory, announced
   * as `+CMTI: "ME",<i>`; its receive memory can't be moved, so `AT+CPMS="SM","SM","SM"` is
   * refused and only `AT+CPMS="SM"` (<mem1>) is accepted, as on modules whose <mem3> stays ME.
   */
  receiveMemory?: "SM" | "ME";
  /**
   * Where status reports routed with <ds>=2 are stored (default "SM"). "SR": their own small
   * memory, announced as `+CDSI: "SR",<i>` and read after `AT+CPMS="SR"` (Quectel).
   */
  reportMemory?: "SM" | "SR";
  imei?: string;
  imsi?: string;
  iccid?: string;
  operator?: OperatorInfo;
  /** Registration status once attached (27.007 <stat>, default 1 = home) and friends. */
  registration?: Omit<NetworkOptions, "operator">;
  /** SMSC the SIM holds (AT+CSCA?); "" = none (sends with an empty SMSC field fail with 330). */
  smsc?: string;
  /** AT+CNMI after boot (default 0,0,0,0,0: a rebooted module routes nothing until configured). */
  cnmi?: Partial<Cnmi>;
  /** First TP-MR the modem hands out (default 1); wraps after 255. */
  firstMessageReference?: number;
  /**
   * Send a status report for every part that asked for one (SUBMIT with TP-SRR), with this
   * TP-ST (default off: reports only through deliverReport()).
   */
  autoDeliveryReport?: { status?: number } | boolean;
  /**
   * USSD code → the network's answer for AT+CUSD: a text, a menu, a refusal or silence
   * (default: `*100#` a balance, `*101#` a two-entry menu).
   */
  ussd?: Record<string, SimUssdAnswer>;
  /** How the module prints USSD answers (default "text"; "packed" also expects packed requests). */
  ussdStyle?: SimUssdStyle;
  /** Time between two RINGs of an incoming call (default 4000 ms, as networks ring). */
  ringIntervalMs?: number;
  /**
   * Override the profile's SMS prompt bytes (default `\r\n> `; some firmware sends
   * `\r\n>\r\n` or `> \r\n`).
   */
  prompt?: string;
  /** Seed for the realistic timing's random delays (default 1). */
  seed?: number;
}
