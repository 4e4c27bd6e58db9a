import { AtChannel, type AtChannelOptions } from "../../../../src/modem/at/index.js";
import { ScriptedModem, type ScriptOptions } from "./scripted-modem.js";

/** A started channel talking to a scripted modem (reconnect off unless asked for). */
export async function openChannel(
  script: ScriptOptions,
  opts: Partial<AtChannelOptions> = {},
): Promise<{ at: AtChannel; modem: ScriptedModem }> {
  const modem = new ScriptedModem(script);
  const at = new AtChannel({ open: async () => modem.host, reconnect: false, ...opts });
  await at.start();
  return { at, modem };
}
