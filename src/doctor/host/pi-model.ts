import { type HostFs, inRoot, readText } from "./fs.js";

/**
 * The board name from the device tree (`Raspberry Pi 4 Model B Rev 1.4`, NUL-terminated), or
 * undefined when this is not a Raspberry Pi.
 */
export async function readPiModel(fs: HostFs): Promise<string | undefined> {
  for (const p of ["/proc/device-tree/model", "/sys/firmware/devicetree/base/model"]) {
    const text = await readText(inRoot(fs, p));
    if (text === undefined) continue;
    const model = text.replace(/\0/g, "").trim();
    return /raspberry pi/i.test(model) ? model : undefined;
  }
  return undefined;
}
