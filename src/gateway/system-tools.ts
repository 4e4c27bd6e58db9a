import type { Config } from "../config/schema.js";
import type { HealthMonitor } from "../health/index.js";
import type { SystemDeps } from "../http/system/deps.js";
import type { AtChannel } from "../modem/at/index.js";
import type { Modem } from "../modem/modem.js";
import { runningDoctorReport } from "./doctor-report.js";

export interface SystemToolsSources {
  config: Config;
  modem: Modem;
  channel: AtChannel;
  health: HealthMonitor;
  storeDir: string;
  hostRoot: string;
  configFile?: string;
  reboot?: () => Promise<void>;
}

/** The running gateway's parts as the admin's system routes use them. */
export function systemTools(s: SystemToolsSources): SystemDeps {
  return {
    doctor: () =>
      runningDoctorReport({
        port: s.config.modem.port,
        modem: { state: s.modem.state, reason: s.modem.reason, info: s.modem.info },
        health: () => s.health.current(),
        hostRoot: s.hostRoot,
      }),
    at: s.channel,
    restartModem: () => s.modem.restart(),
    storeDir: s.storeDir,
    ...(s.configFile === undefined ? {} : { configFile: s.configFile }),
    ...(s.reboot === undefined ? {} : { reboot: s.reboot }),
  };
}
