import { spawn } from "node:child_process";
import { errorMessage } from "../errors.js";
import { createLogger } from "../log.js";

const log = createLogger("systemd");

/**
 * The systemd notify protocol (sd_notify(3)): `KEY=VALUE` lines in one datagram to the
 * AF_UNIX socket named by NOTIFY_SOCKET. Node has no unix datagram sockets, and the npm
 * packages that add them are native addons (a compiler on the Pi); so each notification is
 * sent by systemd's own `systemd-notify`, which waits until the manager has the message
 * (BARRIER=1) before it exits. Since the datagram comes from that helper, not from the main
 * process, the unit needs `NotifyAccess=all`. Without NOTIFY_SOCKET (not started by systemd,
 * or a unit without Type=notify) nothing is sent and no process is started.
 */
export interface SystemdNotifier {
  /** NOTIFY_SOCKET is set: notifications go somewhere. */
  readonly active: boolean;
  /**
   * Half the watchdog interval the unit asks for (`WatchdogSec=`, in WATCHDOG_USEC), when it
   * asks this process (WATCHDOG_PID absent or ours); undefined otherwise.
   */
  readonly watchdogPingMs: number | undefined;
  /** Sends `fields` in one notification, after any sent before it. */
  notify(fields: Record<string, string>): Promise<void>;
}

export interface SystemdNotifierOptions {
  env?: Record<string, string | undefined>;
  pid?: number;
  /** The helper (tests: a fake that records). */
  command?: string;
}

/** Notifications waiting or under way beyond which a watchdog ping is dropped, not queued. */
const MAX_PENDING = 4;

export function systemdNotifier(opts: SystemdNotifierOptions = {}): SystemdNotifier {
  const env = opts.env ?? process.env;
  const socket = env.NOTIFY_SOCKET;
  const active = socket !== undefined && socket !== "";
  const usec = Number(env.WATCHDOG_USEC);
  const forUs =
    env.WATCHDOG_PID === undefined || Number(env.WATCHDOG_PID) === (opts.pid ?? process.pid);
  const watchdogPingMs =
    active && forUs && Number.isFinite(usec) && usec > 0
      ? Math.max(1, Math.floor(usec / 2000))
      : undefined;
  let chain: Promise<void> = Promise.resolve();
  let pending = 0;
  let warned = false;

  const send = (fields: Record<string, string>) =>
    new Promise<void>((resolve) => {
      const args = Object.entries(fields).map(([k, v]) => `${k}=${v.replace(/\n/g, " ")}`);
      const child = spawn(opts.command ?? "systemd-notify", args, {
        stdio: "ignore",
        env: { PATH: env.PATH ?? "/usr/bin:/bin", NOTIFY_SOCKET: socket },
      });
      child.once("error", (err) => {
        if (!warned) log.warn({ err: errorMessage(err) }, "systemd-notify could not be run");
        warned = true;
        resolve();
      });
      child.once("exit", (code) => {
        if (code !== 0 && !warned) {
          log.warn({ code }, "systemd-notify failed");
          warned = true;
        }
        resolve();
      });
    });

  return {
    active,
    watchdogPingMs,
    notify(fields) {
      if (!active) return Promise.resolve();
      if (fields.WATCHDOG !== undefined && pending >= MAX_PENDING) return Promise.resolve();
      pending++;
      chain = chain
        .then(() => send(fields))
        .finally(() => {
          pending--;
        });
      return chain;
    },
  };
}
