import { chmod, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { systemdNotifier } from "../../src/util/systemd-notify.js";

/** The helper is replaced by a script that appends its arguments to a file. */
let dir: string;
let helper: string;
const calls = async () => (await readFile(join(dir, "calls"), "utf8").catch(() => "")).trim();

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "smsgw-notify-"));
  helper = join(dir, "notify.sh");
  await writeFile(helper, `#!/bin/sh\necho "$NOTIFY_SOCKET $*" >> "${join(dir, "calls")}"\n`);
  await chmod(helper, 0o755);
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("the systemd notifier", () => {
  it("starts no process and asks for no watchdog without NOTIFY_SOCKET", async () => {
    const n = systemdNotifier({ env: { WATCHDOG_USEC: "60000000" }, command: helper });
    await n.notify({ READY: "1" });
    expect([n.active, n.watchdogPingMs, await calls()]).toEqual([false, undefined, ""]);
  });

  it("sends the fields as KEY=VALUE arguments to the socket NOTIFY_SOCKET names, in order", async () => {
    const n = systemdNotifier({ env: { NOTIFY_SOCKET: "/run/x.sock" }, command: helper });
    void n.notify({ READY: "1", STATUS: "modem ready" });
    await n.notify({ WATCHDOG: "1" });
    expect(await calls()).toBe("/run/x.sock READY=1 STATUS=modem ready\n/run/x.sock WATCHDOG=1");
  });

  it("pings the watchdog at half of WATCHDOG_USEC", () => {
    const env = { NOTIFY_SOCKET: "/run/x.sock", WATCHDOG_USEC: "60000000" };
    expect(systemdNotifier({ env }).watchdogPingMs).toBe(30_000);
  });

  it("leaves a watchdog meant for another process (WATCHDOG_PID) alone", () => {
    const env = { NOTIFY_SOCKET: "/run/x.sock", WATCHDOG_USEC: "60000000", WATCHDOG_PID: "1" };
    expect(systemdNotifier({ env, pid: 4242 }).watchdogPingMs).toBeUndefined();
  });
});
