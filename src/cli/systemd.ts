import type { Gateway } from "../gateway/index.js";
import type { SystemdNotifier } from "../util/systemd-notify.js";

/** One line for `systemctl status`: the modem, the queue and the broker. */
export function statusLine(gateway: Gateway): string {
  try {
    const queued = gateway.service.stats().queued;
    const mqtt = gateway.bridge.connected ? "connected" : "disconnected";
    return `modem ${gateway.modem.state}, ${queued} queued, MQTT ${mqtt}`;
  } catch {
    return "stopping"; // the parts are gone: a stop is under way
  }
}

/**
 * Tells systemd (Type=notify) that the started gateway is ready, keeps its STATUS= current
 * on each modem state change, and pings the watchdog (WatchdogSec=) from the event loop at
 * half the interval: a loop that stalls stops the pings and systemd restarts the service.
 * SIGTERM/SIGINT (or the returned function) say STOPPING=1 and end the pings.
 */
export function reportToSystemd(gateway: Gateway, notifier: SystemdNotifier): () => void {
  if (!notifier.active) return () => {};
  const status = () => ({ STATUS: statusLine(gateway) });
  void notifier.notify({ READY: "1", ...status() });
  const onState = () => void notifier.notify(status());
  const modem = gateway.modem; // the gateway hands out no parts once stopped
  modem.on("state", onState);
  const ping = notifier.watchdogPingMs;
  const timer =
    ping === undefined
      ? undefined
      : setInterval(() => void notifier.notify({ WATCHDOG: "1", ...status() }), ping);
  timer?.unref();
  let stopped = false;
  const stopping = () => {
    if (stopped) return;
    stopped = true;
    clearInterval(timer);
    modem.off("state", onState);
    process.off("SIGTERM", stopping);
    process.off("SIGINT", stopping);
    void notifier.notify({ STOPPING: "1", STATUS: "stopping" });
  };
  process.once("SIGTERM", stopping);
  process.once("SIGINT", stopping);
  return stopping;
}
