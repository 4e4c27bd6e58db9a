import { type ChildProcess, spawn } from "node:child_process";
import { createServer } from "node:net";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ProcessRig, startProcessRig } from "../support/process-rig.js";
import { MailSink } from "./support/mail-sink.js";

/**
 * `smsgw run` as its own process with e-mail ⇄ SMS on, against a mail client we did not write:
 * swaks (Debian's `swaks` package) speaks SMTP to the gateway's listener as a monitoring system
 * or a NAS would, and a loopback SMTP server in this test is the relay received SMS go out by.
 */

const CLI = fileURLToPath(new URL("../../dist/cli/main.js", import.meta.url));
let rig: ProcessRig;
let run: ChildProcess;
let sink: MailSink;
let smtpPort: number;

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const address = server.address();
  await new Promise((r) => server.close(r));
  return typeof address === "object" && address !== null ? address.port : 0;
}

/** Runs swaks against the gateway; resolves with its exit status and the SMTP dialogue. */
function swaks(args: string[]): Promise<{ status: number | null; dialogue: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      "swaks",
      ["--server", "127.0.0.1", "--port", String(smtpPort), "--timeout", "20", ...args],
      { stdio: ["ignore", "pipe", "pipe"] },
    );
    let dialogue = "";
    child.stdout.on("data", (d: Buffer) => {
      dialogue += d.toString();
    });
    child.stderr.on("data", (d: Buffer) => {
      dialogue += d.toString();
    });
    child.once("error", reject);
    child.once("exit", (status) => resolve({ status, dialogue }));
  });
}

beforeAll(async () => {
  sink = await MailSink.start();
  smtpPort = await freePort();
  rig = await startProcessRig({
    name: "email",
    observerId: "email-observer",
    mqtt: ["  clientId: smsgw-email-test"],
    more: [
      "email:",
      "  smtp:",
      "    enabled: true",
      `    port: ${smtpPort}`,
      "    domains: [sms.local]",
      '    allowedSenders: ["zabbix@example.com"]',
      '    users: [{ name: ups, password: "correct horse" }]',
      "    allowPlainAuth: true",
      "  relay:",
      "    host: 127.0.0.1",
      `    port: ${sink.port}`,
      "    tls: none",
      "    from: smsgw@example.com",
      "  forwardAll: [ops@example.com]",
      '  subject: "SMS from {{from}}"',
    ],
  });
  run = spawn(process.execPath, [CLI, "run", "--config", rig.configPath], {
    stdio: ["ignore", "ignore", "pipe"],
    env: { ...process.env, SMSGW_LOG_LEVEL: "warn" },
  });
  await rig.client.waitForTopic("smsgw/modem", (j) => j.state === "ready", 60_000);
}, 90_000);

afterAll(async () => {
  if (run !== undefined && run.exitCode === null) {
    const exited = new Promise((r) => run.once("exit", r));
    run.kill("SIGTERM");
    await exited;
  }
  await rig?.dispose();
  await sink?.stop();
});

describe("swaks against smsgw run", () => {
  it("sends a mail from an allowed sender as an SMS with the mail's text", async () => {
    const r = await swaks([
      "--from",
      "zabbix@example.com",
      // Without +: swaks' option parser takes a leading + for an option (+ is covered by
      // the in-process tests with nodemailer).
      "--to",
      "491701234567@sms.local",
      "--header",
      "Subject: PROBLEM",
      "--body",
      "Host web1 is down\n-- \nZabbix",
    ]);
    expect(r.status).toBe(0);
    await expect
      .poll(() => rig.sim.sent.map((s) => [s.to, s.text]), { timeout: 30_000 })
      .toContainEqual(["+491701234567", "Host web1 is down"]);
  });

  it("is refused with 550 for a sender not allowed", async () => {
    const r = await swaks([
      "--from",
      "stranger@example.org",
      "--to",
      "491709999999@sms.local",
      "--body",
      "spam",
    ]);
    expect([r.status === 0, /<\*\* +550 /.test(r.dialogue)]).toEqual([false, true]);
  });

  it("accepts any sender after AUTH PLAIN as a configured user", async () => {
    const r = await swaks([
      "--from",
      "ups@nas.lan",
      "--to",
      "491702222222@sms.local",
      "--auth",
      "PLAIN",
      "--auth-user",
      "ups",
      "--auth-password",
      "correct horse",
      "--body",
      "On battery",
    ]);
    expect(r.status).toBe(0);
    await expect
      .poll(() => rig.sim.sent.map((s) => [s.to, s.text]), { timeout: 30_000 })
      .toContainEqual(["+491702222222", "On battery"]);
  });

  it("mails a received SMS through the relay", async () => {
    rig.sim.deliverSms({ from: "+491703333333", text: "Gate opened" });
    await expect
      .poll(() => sink.mails.map((m) => [m.to, m.subject, m.text.split("\n")[0]]), {
        timeout: 30_000,
      })
      .toEqual([[["ops@example.com"], "SMS from +491703333333", "Gate opened"]]);
  });
});
