import type { AddressInfo } from "node:net";
import { SMTPServer } from "smtp-server";
import { afterEach, describe, expect, it } from "vitest";
import { setLogDestination, setLogLevel } from "../../src/log.js";
import { sendMail } from "../email/support/send-mail.js";
import { startGatewayTest } from "../support/gateway.js";

/**
 * Attack: read the relay's password, or an SMTP user's, from the gateway's log (journald,
 * shared in bug reports). The gateway logs at debug while a client logs in with the right and
 * a wrong password and the relay refuses the gateway's own login; no line holds a password.
 */
const RELAY_PASSWORD = "RelayPassw0rd-4Kd";
const USER_PASSWORD = "UserPassw0rd-8Tn";
const WRONG_PASSWORD = "WrongPassw0rd-2Pe";

const cleanup: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanup.splice(0).reverse()) await c();
});

/** A relay that offers AUTH in plain text and refuses every login (535). */
async function refusingRelay(): Promise<number> {
  const server = new SMTPServer({
    allowInsecureAuth: true,
    disabledCommands: ["STARTTLS"],
    logger: false,
    onAuth: (_auth, _session, cb) => cb(new Error("Invalid username or password")),
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
  cleanup.push(() => new Promise<void>((r) => server.close(() => r())));
  return (server as unknown as { server: { address(): AddressInfo } }).server.address().port;
}

describe("mail passwords", () => {
  it("never appear in the log, whatever the logins' outcome", async () => {
    const lines: string[] = [];
    const restore = setLogDestination({ write: (l: string) => void lines.push(l) });
    setLogLevel("debug");
    cleanup.push(() => {
      restore();
      setLogLevel("silent");
    });
    const relayPort = await refusingRelay();
    const t = await startGatewayTest({
      config: {
        log: { level: "debug" },
        email: {
          smtp: {
            enabled: true,
            port: 0,
            allowPlainAuth: true,
            users: [{ name: "ups", password: USER_PASSWORD }],
          },
          relay: {
            host: "127.0.0.1",
            port: relayPort,
            tls: "none",
            user: "gw",
            password: RELAY_PASSWORD,
          },
          forwardAll: ["ops@example.com"],
        },
      },
    });
    const port = t.gateway.email?.smtpPort ?? 0;
    const mail = { from: "ups@nas.lan", to: "+491701234567@sms.local", text: "x" };
    await sendMail(port, mail, { user: "ups", pass: WRONG_PASSWORD });
    await sendMail(port, mail, { user: "ups", pass: USER_PASSWORD });
    t.sim.deliverSms({ from: "+491702222222", text: "hello" });
    await expect
      .poll(() => lines.some((l) => l.includes("refused our login")), { timeout: 10_000 })
      .toBe(true);
    const all = lines.join("\n");
    expect([RELAY_PASSWORD, USER_PASSWORD, WRONG_PASSWORD].filter((p) => all.includes(p))).toEqual(
      [],
    );
  });

  it("a relay refusing the gateway's login keeps the mail for a retry", async () => {
    const relayPort = await refusingRelay();
    const t = await startGatewayTest({
      config: {
        email: {
          relay: { host: "127.0.0.1", port: relayPort, tls: "none", user: "gw", password: "x" },
          forwardAll: ["ops@example.com"],
        },
      },
    });
    t.sim.deliverSms({ from: "+491702222222", text: "hello" });
    await expect
      .poll(() => t.gateway.email?.outbox?.pending().map((m) => m.attempts), { timeout: 10_000 })
      .toEqual([1]);
  });
});
