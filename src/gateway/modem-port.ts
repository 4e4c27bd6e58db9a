import type { ModemConfig } from "../config/schema.js";
import { SmsgwError } from "../errors.js";
import { createGpioPowerControl } from "../modem/power/index.js";
import type { PowerControl } from "../modem/power/types.js";
import { transportFromUrl } from "../modem/transport/index.js";
import type { OpenTransport } from "../modem/transport/types.js";
import type { ProfileName, SimulatedModem, TimingMode } from "../simulator/index.js";
import { isProfileName } from "../simulator/profiles.js";
import { simulatorPower } from "./simulator-power.js";

/** `sim://SIM7600?timing=realistic`: the in-process simulator instead of a serial port. */
export function parseSimUrl(
  port: string,
): { profile: ProfileName; timing: TimingMode } | undefined {
  if (!port.startsWith("sim://")) return undefined;
  const url = new URL(port);
  const profile = (url.hostname || "SIM7600").toUpperCase();
  if (!isProfileName(profile))
    throw new SmsgwError(
      "config.invalid",
      `modem.port: unknown simulator profile "${url.hostname}"`,
    );
  const timing = url.searchParams.get("timing") ?? "instant";
  if (timing !== "instant" && timing !== "realistic")
    throw new SmsgwError(
      "config.invalid",
      `modem.port: timing must be instant or realistic, not "${timing}"`,
    );
  return { profile, timing };
}

export interface ModemHardware {
  open: OpenTransport;
  power?: PowerControl;
  /** Set when the port is `sim://…` and no simulator was given. */
  simulator?: SimulatedModem;
}

/** The byte stream and power switch for `modem.port` / `modem.power`. */
export async function modemHardware(
  c: ModemConfig,
  simulator?: SimulatedModem,
): Promise<ModemHardware> {
  if (simulator !== undefined)
    return { open: simulator.transport, power: simulatorPower(simulator) };
  const sim = parseSimUrl(c.port);
  if (sim !== undefined) {
    // Loaded only for `sim://`: a gateway on a real modem never carries the simulator.
    const { SimulatedModem } = await import("../simulator/modem.js");
    const s = new SimulatedModem({ profile: sim.profile, timing: sim.timing, poweredOn: true });
    return { open: s.transport, power: simulatorPower(s), simulator: s };
  }
  const open = transportFromUrl(c.port, { baudRate: c.baudRate });
  if (c.power === undefined) return { open };
  const power = await createGpioPowerControl({
    pwrkeyPin: c.power.pwrkeyPin,
    activeLevel: c.power.activeLevel,
    statusOnLevel: c.power.statusOnLevel,
    ...(c.power.pulseSeconds === undefined
      ? {}
      : { pulseMs: Math.round(c.power.pulseSeconds * 1000) }),
    ...(c.power.statusPin === undefined ? {} : { statusPin: c.power.statusPin }),
  });
  return { open, power };
}
