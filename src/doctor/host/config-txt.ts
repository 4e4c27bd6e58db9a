import path from "node:path";
import { type HostFs, inRoot, readText } from "./fs.js";

/** Where the firmware reads config.txt: Bookworm+/Debian raspi-firmware, then older images. */
export const CONFIG_TXT_PATHS = ["/boot/firmware/config.txt", "/boot/config.txt"] as const;

export interface ConfigTxt {
  /** Host path of the file found. */
  path: string;
  /** Settings that apply to this board: the last value of each key wins. */
  settings: Map<string, string>;
  /** Every applicable `dtparam=`/`dtoverlay=` value, in order. */
  dt: string[];
}

/**
 * Reads config.txt as the firmware would for this board: `#` comments, `include <file>`
 * (Ubuntu keeps settings in syscfg.txt/usercfg.txt), and conditional sections — `[all]`
 * applies everywhere, `[none]` nowhere, model filters (`[pi4]`, `[pi5]`, `[cm4]`, …) only on
 * that model; other filters (`[gpio4=1]`, `[EDID=…]`, serial numbers) can't be judged from
 * here and are assumed to apply.
 */
export async function readConfigTxt(fs: HostFs, model: string): Promise<ConfigTxt | undefined> {
  for (const p of CONFIG_TXT_PATHS) {
    const text = await readText(inRoot(fs, p));
    if (text === undefined) continue;
    const out: ConfigTxt = { path: p, settings: new Map(), dt: [] };
    await parseInto(out, fs, p, text, model, 0);
    return out;
  }
  return undefined;
}

async function parseInto(
  out: ConfigTxt,
  fs: HostFs,
  file: string,
  text: string,
  model: string,
  depth: number,
): Promise<void> {
  let applies = true;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.replace(/#.*$/, "").trim();
    if (line === "") continue;
    const section = /^\[([^\]]*)\]$/.exec(line);
    if (section !== null) {
      applies = sectionApplies(section[1]!.trim(), model);
      continue;
    }
    if (!applies) continue;
    const include = /^include\s+(\S+)$/.exec(line);
    if (include !== null && depth < 3) {
      const target = path.posix.join(path.posix.dirname(file), include[1]!);
      const inner = await readText(inRoot(fs, target));
      if (inner !== undefined) await parseInto(out, fs, target, inner, model, depth + 1);
      continue;
    }
    const eq = line.indexOf("=");
    if (eq <= 0) continue;
    const key = line.slice(0, eq).trim().toLowerCase();
    const value = line.slice(eq + 1).trim();
    out.settings.set(key, value);
    if (key === "dtparam" || key === "dtoverlay") out.dt.push(value);
  }
}

const MODEL_FILTERS: Record<string, RegExp> = {
  pi0: /Pi Zero(?! 2)/i,
  pi0w: /Pi Zero W/i,
  pi02: /Pi Zero 2/i,
  pi1: /Pi (Model [AB]|Compute Module Rev)/i,
  pi2: /Pi 2/i,
  pi3: /Pi 3|Compute Module 3/i,
  "pi3+": /Pi 3 Model [AB] Plus/i,
  pi4: /Pi 4|Pi 400|Compute Module 4/i,
  pi400: /Pi 400/i,
  cm4: /Compute Module 4/i,
  cm4s: /Compute Module 4S/i,
  pi5: /Pi 5|Pi 500|Compute Module 5/i,
  pi500: /Pi 500/i,
  cm5: /Compute Module 5/i,
};

function sectionApplies(filter: string, model: string): boolean {
  const f = filter.toLowerCase();
  if (f === "all") return true;
  if (f === "none") return false;
  const re = MODEL_FILTERS[f];
  return re === undefined ? true : re.test(model);
}
