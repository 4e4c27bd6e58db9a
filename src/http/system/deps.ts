import type { AtRunner } from "../../modem/at/index.js";

/** What the admin's system routes use of the gateway (doctor, AT console, backup, restarts). */
export interface SystemDeps {
  /** `smsgw doctor`'s JSON report for the running gateway (the gateway builds it). */
  doctor: () => Promise<object>;
  /** The modem's own AT channel: the console's commands queue with the gateway's. */
  at: AtRunner;
  /** Restarts the module through the lifecycle; throws when the modem is not started. */
  restartModem: () => void;
  storeDir: string;
  /** The config file the gateway was started with; absent: defaults and SMSGW_* only. */
  configFile?: string;
  /** Reboots the host; absent: refused (the gateway is not the image's systemd service). */
  reboot?: () => Promise<void>;
}
