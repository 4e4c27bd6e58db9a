import { type ChildProcess, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

/**
 * Real Kannel (Debian's `kannel` package: bearerbox + smsbox) as processes with a temporary
 * config, its SMSC an `smsc = http` group of `system-type = kannel` whose send-url is smsgw's
 * `/cgi-bin/sendsms`: Kannel is then an HTTP client of smsgw that we did not write. With
 * `smppPort` the SMSC is an `smsc = smpp` transceiver bound to smsgw's SMPP server instead.
 */

export const BEARERBOX = "/usr/sbin/bearerbox";
export const SMSBOX = "/usr/sbin/smsbox";

export const kannelInstalled = (): boolean => existsSync(BEARERBOX) && existsSync(SMSBOX);

/** The sendsms-user Kannel's own clients log in with (made up for the tests). */
export const KANNEL_CLIENT = { username: "app", password: "app-secret-1" };

export interface KannelBoxes {
  /** Kannel smsbox's `http://127.0.0.1:<sendsms-port>/cgi-bin/sendsms`. */
  sendsms: string;
  /** bearerbox's and smsbox's logs so far (for failure messages). */
  logs(): Promise<string>;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const address = server.address();
  const port = typeof address === "object" && address !== null ? address.port : 0;
  await new Promise((r) => server.close(r));
  return port;
}

/**
 * Starts bearerbox and smsbox (not as daemons) on free ports (Kannel cannot take port 0) and
 * resolves once smsbox is connected to bearerbox and the SMSC is online (bound, for SMPP).
 * `dlrThroughKannel`: the SMSC group gets a `dlr-url` of its own, so Kannel hands smsgw a
 * dlr-url pointing back at Kannel and relays the report to the client's dlr-url itself.
 */
export async function startKannel(opts: {
  /** The HTTP SMSC's send-url (unused with `smppPort`). */
  sendUrl: string;
  smscUsername: string;
  smscPassword: string;
  dlrThroughKannel?: boolean;
  /** Instead of the HTTP SMSC: an `smsc = smpp` transceiver bound to smsgw on this port. */
  smppPort?: number;
  /** An `sms-service` that hands every inbound SMS to this URL (`from`, `text`, `to`), no reply. */
  smsServiceUrl?: string;
}): Promise<KannelBoxes> {
  const dir = await mkdtemp(join(tmpdir(), "smsgw-kannel-"));
  const [admin, boxes, smscPort, sendsmsPort] = [
    await freePort(),
    await freePort(),
    await freePort(),
    await freePort(),
  ];
  const bearerLog = join(dir, "bearerbox.log");
  const smsLog = join(dir, "smsbox.log");
  const config = join(dir, "kannel.conf");
  // Kannel's groups must be separated by empty lines.
  await writeFile(
    config,
    [
      "group = core",
      `admin-port = ${admin}`,
      'admin-password = "admin-secret"',
      `smsbox-port = ${boxes}`,
      "dlr-storage = internal",
      "log-level = 0",
      `log-file = "${bearerLog}"`,
      "",
      "group = smsc",
      "smsc-id = smsgw",
      ...(opts.smppPort === undefined
        ? [
            "smsc = http",
            "system-type = kannel",
            `port = ${smscPort}`,
            `send-url = "${opts.sendUrl}"`,
          ]
        : [
            "smsc = smpp",
            "host = 127.0.0.1",
            `port = ${opts.smppPort}`,
            "transceiver-mode = true",
            'system-type = ""',
            "enquire-link-interval = 30",
            "max-pending-submits = 10",
          ]),
      `smsc-username = "${opts.smscUsername}"`,
      `smsc-password = "${opts.smscPassword}"`,
      // Kannel appends `&dlr-url=…&dlr-mask=%d&dlr-mid=<id>` to it, and its HTTP SMSC accepts
      // only requests that carry the SMSC group's own username and password.
      ...(opts.dlrThroughKannel === true
        ? [
            `dlr-url = "http://127.0.0.1:${smscPort}/dlr?username=${encodeURIComponent(opts.smscUsername)}&password=${encodeURIComponent(opts.smscPassword)}"`,
          ]
        : []),
      "",
      "group = smsbox",
      "bearerbox-host = 127.0.0.1",
      `bearerbox-port = ${boxes}`,
      `sendsms-port = ${sendsmsPort}`,
      "log-level = 0",
      `log-file = "${smsLog}"`,
      "",
      "group = sendsms-user",
      `username = ${KANNEL_CLIENT.username}`,
      `password = ${KANNEL_CLIENT.password}`,
      "",
      ...(opts.smsServiceUrl === undefined
        ? []
        : [
            "group = sms-service",
            "keyword = default",
            "catch-all = true",
            // %p sender, %a the whole text, %P the receiver; no reply goes back.
            `get-url = "${opts.smsServiceUrl}?from=%p&text=%a&to=%P"`,
            "max-messages = 0",
            "",
          ]),
    ].join("\n"),
  );
  const procs: ChildProcess[] = [];
  const logs = async () => {
    const read = (p: string) => readFile(p, "utf8").catch(() => "(no log)");
    return `--- bearerbox\n${await read(bearerLog)}\n--- smsbox\n${await read(smsLog)}`;
  };
  const stop = async () => {
    // smsbox first, then bearerbox: each shuts down cleanly on SIGTERM.
    for (const p of procs.reverse()) {
      if (p.exitCode !== null || p.signalCode !== null) continue;
      const exited = new Promise((r) => p.once("exit", r));
      p.kill("SIGTERM");
      const timer = setTimeout(() => p.kill("SIGKILL"), 10_000);
      await exited;
      clearTimeout(timer);
    }
    await rm(dir, { recursive: true, force: true });
  };
  try {
    procs.push(spawn(BEARERBOX, [config], { stdio: "ignore" }));
    await until(async () => (await status(admin)).includes("SMSC connections"), "bearerbox");
    procs.push(spawn(SMSBOX, [config], { stdio: "ignore" }));
    await until(async () => {
      const s = await status(admin);
      return (
        /smsbox:\(none\), IP 127\.0\.0\.1/.test(s) &&
        /smsgw\[smsgw\]\s+(HTTP|SMPP)[^\n]*online/.test(s) &&
        (await answers(`http://127.0.0.1:${sendsmsPort}/`))
      );
    }, "smsbox connected, its sendsms port open and the SMSC online");
  } catch (err) {
    const text = await logs();
    await stop();
    throw new Error(`${(err as Error).message}\n${text}`);
  }
  return { sendsms: `http://127.0.0.1:${sendsmsPort}/cgi-bin/sendsms`, logs, stop };
}

/** bearerbox's status page (text), or "" while it does not answer. */
async function status(admin: number): Promise<string> {
  try {
    const r = await fetch(`http://127.0.0.1:${admin}/status.txt?password=admin-secret`, {
      signal: AbortSignal.timeout(2000),
    });
    return await r.text();
  } catch {
    return "";
  }
}

/** Whether anything answers HTTP at `url`. */
async function answers(url: string): Promise<boolean> {
  try {
    await (await fetch(url, { signal: AbortSignal.timeout(2000) })).text();
    return true;
  } catch {
    return false;
  }
}

async function until(ok: () => Promise<boolean>, what: string): Promise<void> {
  const end = Date.now() + 20_000;
  while (!(await ok())) {
    if (Date.now() > end) throw new Error(`Kannel did not start: ${what} not seen in 20 s`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
