import { z } from "zod";
import { withRenamedKeys } from "../../util/renamed-keys.js";
import { secret } from "../../util/secret.js";
import { bcmPin, gpioLevel, seconds, text } from "./fields.js";

const powerObject = z.strictObject({
  /** BCM number of PWRKEY (Waveshare SIM7600 HAT: 6; SIM868 HAT: 4). */
  pwrkeyPin: bcmPin.describe(
    "BCM number of the PWRKEY pin (Waveshare SIM7600 HAT: 6, SIM868 HAT: 4)",
  ),
  /** Level that presses the key (Waveshare HATs invert it: 1). */
  activeLevel: gpioLevel.default(1).describe("GPIO level (0 or 1) that presses PWRKEY"),
  /** PWRKEY pulse length; default: the module profile's. A key press is 0.1–3 s: fractions. */
  pulseSeconds: z
    .number()
    .min(0.01, "at least 0.01 seconds (10 ms)")
    .max(10, "at most 10 seconds")
    .optional()
    .describe(
      "PWRKEY pulse length in seconds, fractions allowed (0.5 = 500 ms); default: the module profile's",
    ),
  statusPin: bcmPin.optional().describe("BCM number of the module's STATUS output, if wired"),
  statusOnLevel: gpioLevel
    .default(1)
    .describe("GPIO level (0 or 1) of STATUS while the module is on"),
});
/** Durations were once in milliseconds here: the old key still works (deprecated). */
const powerSchema = withRenamedKeys(powerObject, [
  { from: "pulseMs", to: "pulseSeconds", unit: "ms" },
]);

export const modemSchema = z.strictObject({
  /** `/dev/serial0`, `/dev/ttyUSB2`, `tcp://host:port` (ser2net, simulator) or `sim://SIM7600`. */
  port: z
    .string()
    .min(1, "must not be empty")
    .default("/dev/serial0")
    .describe(
      "Serial device, tcp://host:port (ser2net, smsgw simulate) or sim://SIM7600[?timing=realistic] (built-in simulator)",
    ),
  baudRate: z.number().int().positive().default(115_200).describe("Serial speed in bit/s"),
  /** SIM PIN; better from SMSGW_MODEM_PIN or `pinFile`. Never logged. */
  pin: secret(text().pipe(z.string().regex(/^\d{4,8}$/, "a SIM PIN is 4 to 8 digits")))
    .optional()
    .describe("SIM PIN (4–8 digits), entered at most once per boot; secret, never logged"),
  /** File holding the SIM PIN (first line), used when `pin` is not given. */
  pinFile: z
    .string()
    .min(1)
    .optional()
    .describe(
      "File whose first line is the SIM PIN (relative to the config file); used when pin is not given",
    ),
  profile: z
    .enum(["auto", "sim800", "sim7600", "ec2x", "generic"])
    .default("auto")
    .describe(
      "Module family: auto (detected from AT+CGMM/ATI), sim800 (also SIM868), sim7600, ec2x, generic",
    ),
  allowRoaming: z
    .boolean()
    .default(false)
    .describe("Whether registration while roaming counts as ready"),
  /**
   * Where the modem keeps received SMS (AT+CPMS): SM = the SIM card (the default; often only
   * 20–50 slots), ME = the module's own memory (more on LTE modules), MT = both.
   */
  storage: z
    .enum(["SM", "ME", "MT"], {
      error: "must be SM (the SIM card), ME (the modem's memory) or MT (both)",
    })
    .default("SM")
    .describe(
      "Where the modem keeps received SMS (AT+CPMS): SM the SIM card (often 20–50 slots), ME the module's memory, MT both",
    ),
  /** PWRKEY/STATUS on GPIO; leave out for USB modems. */
  power: powerSchema
    .optional()
    .describe(
      "PWRKEY/STATUS on GPIO, so a hung modem can be switched off and on; leave out for USB modems",
    ),
  healthIntervalSeconds: seconds(60).describe("Modem health check period in seconds"),
  networkTimeFile: z
    .string()
    .min(1)
    .optional()
    .describe(
      "File the gateway writes the network's time to (from AT+CCLK, checked against SC timestamps) for a privileged service that sets the system clock when NTP is unavailable; default: network-time in the unit's RuntimeDirectory when systemd gives one ($RUNTIME_DIRECTORY), else none",
    ),
});
