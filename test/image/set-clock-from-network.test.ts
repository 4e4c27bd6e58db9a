import { execFile } from "node:child_process";
import { chmod, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { bootUptimeMs, formatNetworkTime } from "../../src/clock/network-time-file.js";

/**
 * The image's root helper that sets the system clock from the network time the gateway
 * wrote (smsgw-network-time.service). Run as the image runs it, with `timedatectl` and
 * `date -s` replaced by stubs: the stub records the time it was asked to set.
 */
const script = resolve("image/overlay/usr/local/lib/smsgw/set-clock-from-network");
const run = promisify(execFile);
const HOUR = 3_600_000;

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "set-clock-"));
  await writeFile(join(dir, "timedatectl"), '#!/bin/sh\necho "$NTP_SYNCHRONIZED"\n');
  // `date -s X` is recorded, never run; every other use is the real date.
  await writeFile(
    join(dir, "date"),
    `#!/bin/sh\nfor a in "$@"; do if [ "$a" = -s ]; then echo "$@" > "${dir}/set"; exit 0; fi; done\nexec /bin/date "$@"\n`,
  );
  await chmod(join(dir, "timedatectl"), 0o755);
  await chmod(join(dir, "date"), 0o755);
  await writeFile(join(dir, "build-epoch"), `${Math.floor((Date.now() - 24 * HOUR) / 1000)}\n`);
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Runs the helper on a file holding `content`; the time it set (ms), if any, and its words. */
async function helper(
  content: string,
  ntp = "no",
): Promise<{ setMs: number | undefined; stdout: string }> {
  const file = join(dir, "network-time");
  await writeFile(file, content);
  const { stdout } = await run("/bin/sh", [script, file], {
    env: {
      PATH: `${dir}:${process.env.PATH ?? "/usr/bin:/bin"}`,
      NTP_SYNCHRONIZED: ntp,
      SMSGW_BUILD_EPOCH_FILE: join(dir, "build-epoch"),
    },
  });
  const set = await readFile(join(dir, "set"), "utf8").catch(() => undefined);
  const at = set === undefined ? undefined : /@(\d+)\.(\d{3})/.exec(set);
  return {
    setMs: at ? Number(at[1]) * 1000 + Number(at[2]) : undefined,
    stdout,
  };
}

const reading = (networkMs: number, ageMs = 0) =>
  formatNetworkTime({ networkMs, uptimeMs: (bootUptimeMs() ?? 0) - ageMs });

describe("setting the clock from the network's time", () => {
  it("sets the network's time, carried forward by the uptime since the reading", async () => {
    const net = Date.now() + 2 * HOUR;
    const { setMs } = await helper(reading(net, 30_000));
    expect(Math.abs((setMs ?? 0) - (net + 30_000))).toBeLessThan(2_000);
  });

  it("says what it did", async () => {
    const { stdout } = await helper(reading(Date.now() + 2 * HOUR));
    expect(stdout).toMatch(/system clock set from the mobile network's time, 7\d{3} s/);
  });

  it("leaves the clock to NTP when NTP has synchronised it", async () => {
    const { setMs } = await helper(reading(Date.now() + 2 * HOUR), "yes");
    expect(setMs).toBeUndefined();
  });

  it("refuses a time before the image was built", async () => {
    const { setMs } = await helper(reading(Date.now() - 48 * HOUR));
    expect(setMs).toBeUndefined();
  });

  it("refuses a reading more than an hour old", async () => {
    const { setMs } = await helper(reading(Date.now() + 2 * HOUR, 2 * HOUR));
    expect(setMs).toBeUndefined();
  });

  it("refuses a reading from another boot (an uptime ahead of this one's)", async () => {
    const { setMs } = await helper(reading(Date.now() + 2 * HOUR, -HOUR));
    expect(setMs).toBeUndefined();
  });

  it("leaves a clock within 5 s of the network's alone", async () => {
    const { setMs } = await helper(reading(Date.now() + 1_000));
    expect(setMs).toBeUndefined();
  });

  it("ignores a file that holds no numbers", async () => {
    const { setMs, stdout } = await helper("; date -s @0\n");
    expect([setMs, stdout.trim()]).toEqual([undefined, expect.stringContaining("ignored")]);
  });
});
