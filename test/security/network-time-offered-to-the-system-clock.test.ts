import { mkdtemp, readFile, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it, onTestFinished, vi } from "vitest";
import { NetworkClock, type TrustedTime } from "../../src/clock/network-clock.js";
import {
  bootUptimeMs,
  formatNetworkTime,
  writeNetworkTime,
} from "../../src/clock/network-time-file.js";
import { parseConfig } from "../../src/config/index.js";
import { networkTimePath } from "../../src/gateway/network-time.js";
import { startGatewayTest } from "../support/gateway.js";

/**
 * A Pi has no real-time clock and the gateway may not set the system clock (the service runs
 * unprivileged, ProtectClock). At a site without NTP the network's time is the only good one:
 * the gateway writes the time it trusts to a file for a root service that sets the clock.
 * Trusted means: a time the network set (not the module's power-on default) that is not
 * behind what a received SMS proves (its SC timestamp, less the SMSC's own error).
 */
const NOW = Date.UTC(2026, 11, 3, 8, 0);
const MINUTE = 60_000;

function clockAt(uptimeMs: { v: number }): { clock: NetworkClock; trusted: TrustedTime[] } {
  const clock = new NetworkClock(
    () => NOW - 120 * MINUTE,
    () => uptimeMs.v,
  );
  const trusted: TrustedTime[] = [];
  clock.on("trusted", (t: TrustedTime) => trusted.push(t));
  return { clock, trusted };
}

describe("the network time offered to the system clock", () => {
  it("is the network's time with the uptime it was read at", () => {
    const up = { v: 50_000 };
    const { clock, trusted } = clockAt(up);
    clock.observeNetworkTime(NOW);
    expect(trusted).toEqual([{ networkMs: NOW, uptimeMs: 50_000 }]);
  });

  it("is never the module's power-on default", () => {
    const { clock, trusted } = clockAt({ v: 50_000 });
    clock.observeNetworkTime(Date.UTC(2004, 0, 1));
    expect(trusted).toEqual([]);
  });

  it("is refused when it lies behind a received SMS's SC timestamp", () => {
    const up = { v: 10_000 };
    const { clock, trusted } = clockAt(up);
    clock.observeSmsTimestamp(new Date(NOW).toISOString());
    up.v = 70_000; // a minute later the network says it is an hour before the SMS
    clock.observeNetworkTime(NOW - 60 * MINUTE);
    expect(trusted).toEqual([]);
  });

  it("is accepted when it agrees with a received SMS's SC timestamp", () => {
    const up = { v: 10_000 };
    const { clock, trusted } = clockAt(up);
    clock.observeSmsTimestamp(new Date(NOW).toISOString());
    up.v = 70_000;
    clock.observeNetworkTime(NOW + MINUTE);
    expect(trusted).toEqual([{ networkMs: NOW + MINUTE, uptimeMs: 70_000 }]);
  });

  it("is accepted when an SMS waited at the SMSC (an old SC timestamp proves nothing against it)", () => {
    const up = { v: 10_000 };
    const { clock, trusted } = clockAt(up);
    clock.observeSmsTimestamp(new Date(NOW - 3 * 24 * 60 * MINUTE).toISOString());
    clock.observeNetworkTime(NOW);
    expect(trusted).toHaveLength(1);
  });

  it("is not offered without a clock that setting the time does not move", () => {
    const clock = new NetworkClock(() => NOW);
    const trusted: unknown[] = [];
    clock.on("trusted", (t) => trusted.push(t));
    clock.observeNetworkTime(NOW);
    expect(trusted).toEqual([]);
  });
});

describe("the network time file", () => {
  it("is one line: network time and uptime in ms", () => {
    expect(formatNetworkTime({ networkMs: NOW, uptimeMs: 12_345.6 })).toBe(`${NOW} 12346\n`);
  });

  it("is readable by everyone under the gateway service's umask (0027), for a root service without capabilities to read it", async () => {
    const dir = await mkdtemp(join(tmpdir(), "smsgw-network-time-"));
    onTestFinished(() => rm(dir, { recursive: true, force: true }));
    const before = process.umask(0o027);
    try {
      await writeNetworkTime(join(dir, "network-time"), { networkMs: NOW, uptimeMs: 1000 });
    } finally {
      process.umask(before);
    }
    expect((await stat(join(dir, "network-time"))).mode & 0o777).toBe(0o644);
  });

  it("takes the uptime from /proc/uptime's first field", () => {
    expect(bootUptimeMs(() => "3601.25 7000.10\n")).toBe(3_601_250);
  });

  it("has no uptime where /proc/uptime can't be read", () => {
    expect(
      bootUptimeMs(() => {
        throw new Error("ENOENT");
      }),
    ).toBeUndefined();
  });

  it("is modem.networkTimeFile when configured", async () => {
    const { config } = await parseConfig(
      { modem: { port: "sim://SIM7600", networkTimeFile: "/tmp/x/network-time" } },
      { env: {} },
    );
    expect(networkTimePath(config.modem, { RUNTIME_DIRECTORY: "/run/smsgw" })).toBe(
      "/tmp/x/network-time",
    );
  });

  it("is in systemd's RuntimeDirectory when not configured", async () => {
    const { config } = await parseConfig({ modem: { port: "sim://SIM7600" } }, { env: {} });
    expect(networkTimePath(config.modem, { RUNTIME_DIRECTORY: "/run/smsgw:/run/x" })).toBe(
      "/run/smsgw/network-time",
    );
  });

  it("is not written outside systemd unless configured", async () => {
    const { config } = await parseConfig({ modem: { port: "sim://SIM7600" } }, { env: {} });
    expect(networkTimePath(config.modem, {})).toBeUndefined();
  });
});

describe("the gateway", () => {
  it("writes the module's network time, two hours ahead of the system clock, to the file", async () => {
    const dir = await mkdtemp(join(tmpdir(), "smsgw-nettime-"));
    onTestFinished(() => rm(dir, { recursive: true, force: true }));
    const file = join(dir, "network-time");
    const t = await startGatewayTest({
      config: { modem: { port: "sim://SIM7600", networkTimeFile: file } },
      sim: { poweredOn: true },
      start: false,
    });
    t.sim.setNetworkClock(2 * 60 * MINUTE);
    await t.startGateway();
    const line = await vi.waitFor(
      async () => {
        const text = await readFile(file, "utf8");
        const [net, up] = text.trim().split(" ").map(Number);
        return { net: net ?? 0, up: up ?? 0 };
      },
      { timeout: 10_000, interval: 100 },
    );
    expect(Math.abs(line.net - (Date.now() + 2 * 60 * MINUTE))).toBeLessThan(15_000);
    expect(Math.abs(line.up - (bootUptimeMs() ?? 0))).toBeLessThan(15_000);
  });
});
