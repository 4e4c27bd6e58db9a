import { readUndervoltage } from "../../util/undervoltage.js";
import type { CheckOutcome } from "../types.js";
import { finding, ok, skipped } from "./boot-config.js";
import type { HostFs } from "./fs.js";

const FIX =
  "Use a supply that gives 5.1 V at 3 A or more (the official one) with a short, thick cable; a modem HAT draws 2 A bursts when it transmits, so give it its own supply if the HAT can take one.";

/** The firmware's throttled flags: the cause of many "modem hangs" on a Pi. */
export async function undervoltageCheck(fs: HostFs): Promise<CheckOutcome> {
  const u = await readUndervoltage(fs.root);
  if (u === undefined) return skipped("undervoltage", "the kernel does not report under-voltage");
  if (u.now)
    return {
      check: { id: "undervoltage", ok: false, summary: "under-voltage now" },
      problems: [
        finding(
          "host-undervoltage",
          "The Raspberry Pi's supply voltage is too low right now: the Pi and the modem brown out.",
          FIX,
          "vcgencmd get_throttled",
        ),
      ],
      warnings: [],
    };
  if (u.sinceBoot)
    return {
      check: { id: "undervoltage", ok: false, summary: "under-voltage since boot" },
      problems: [],
      warnings: [
        finding(
          "host-undervoltage-since-boot",
          "The Raspberry Pi's supply voltage was too low at some time since boot (often while the modem transmits).",
          FIX,
          "vcgencmd get_throttled",
        ),
      ],
    };
  return ok("undervoltage", "supply voltage fine since boot");
}
