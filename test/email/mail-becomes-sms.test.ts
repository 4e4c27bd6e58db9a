import { describe, expect, it } from "vitest";
import type { ConfigInput } from "../../src/config/index.js";
import { type GatewayTest, startGatewayTest } from "../support/gateway.js";
import { sendMail } from "./support/send-mail.js";
import { SmtpDialogue } from "./support/smtp-dialogue.js";

const MONITOR = "zabbix@example.com";

/** The gateway with its SMTP listener on a free loopback port. */
async function start(
  smtp: NonNullable<ConfigInput["email"]>["smtp"] = {},
  sms: ConfigInput["sms"] = {},
): Promise<{
  t: GatewayTest;
  port: number;
}> {
  const t = await startGatewayTest({
    config: {
      sms,
      contacts: [{ name: "alice", number: "+491701111111" }],
      automation: { contacts: { groups: { oncall: ["+491702222222", "+491703333333"] } } },
      email: {
        smtp: {
          enabled: true,
          port: 0,
          domains: ["sms.local"],
          allowedSenders: [MONITOR, "*@nas.example.com"],
          users: [{ name: "ups", password: "correct horse" }],
          allowPlainAuth: true,
          ...smtp,
        },
      },
    },
  });
  const port = t.gateway.email?.smtpPort;
  if (port === undefined) throw new Error("no SMTP listener");
  return { t, port };
}

const sent = (t: GatewayTest) => t.sim.sent.map((s) => [s.to, s.text]);

describe("e-mail → SMS: the SMTP listener", () => {
  it("sends the plain text of a mail from an allowed sender as an SMS to <number>@<domain>", async () => {
    const { t, port } = await start();
    const reply = await sendMail(port, {
      from: MONITOR,
      to: "+491701234567@sms.local",
      subject: "Problem: disk full",
      text: "Disk /var is 98% full on web1\n\n-- \nZabbix server",
    });
    expect(reply.accepted).toEqual(["+491701234567@sms.local"]);
    await expect
      .poll(() => sent(t), { timeout: 10_000 })
      .toEqual([["+491701234567", "Disk /var is 98% full on web1"]]);
  });

  it("reads digits without + as a number with its country code first", async () => {
    const { t, port } = await start();
    await sendMail(port, { from: MONITOR, to: "491701234567@sms.local", text: "x" });
    await expect.poll(() => sent(t), { timeout: 10_000 }).toEqual([["+491701234567", "x"]]);
  });

  it("refuses a sender not on the list with 550 and queues nothing", async () => {
    const { t, port } = await start();
    const reply = await sendMail(port, {
      from: "stranger@example.org",
      to: "+491701234567@sms.local",
      text: "buy now",
    });
    expect([reply.code, reply.accepted, t.gateway.service.list()]).toEqual([550, [], []]);
  });

  it("accepts any sender once it authenticated as a configured user", async () => {
    const { t, port } = await start();
    await sendMail(
      port,
      { from: "ups@192.168.1.20", to: "alice@sms.local", text: "On battery" },
      { user: "ups", pass: "correct horse" },
    );
    await expect
      .poll(() => sent(t), { timeout: 10_000 })
      .toEqual([["+491701111111", "On battery"]]);
  });

  it("refuses a wrong password with 535", async () => {
    const { port } = await start();
    const reply = await sendMail(
      port,
      { from: "ups@192.168.1.20", to: "alice@sms.local", text: "x" },
      { user: "ups", pass: "wrong password" },
    );
    expect(reply.code).toBe(535);
  });

  it("sends a mail to three recipients (a number, a contact, a group of two) as four SMS", async () => {
    const { t, port } = await start();
    const reply = await sendMail(port, {
      from: "backup@nas.example.com",
      to: ["+491704444444@sms.local", "alice@sms.local", "oncall@sms.local"],
      text: "Backup failed",
    });
    expect(reply.accepted).toHaveLength(3);
    await expect
      .poll(() => sent(t).sort(), { timeout: 10_000 })
      .toEqual([
        ["+491701111111", "Backup failed"],
        ["+491702222222", "Backup failed"],
        ["+491703333333", "Backup failed"],
        ["+491704444444", "Backup failed"],
      ]);
  });

  it("refuses a recipient that is no number and no contact with 550, and sends to the others", async () => {
    const { t, port } = await start();
    const reply = await sendMail(port, {
      from: MONITOR,
      to: ["nobody@sms.local", "+491704444444@sms.local"],
      text: "hi",
    });
    expect([reply.rejected, reply.code]).toEqual([["nobody@sms.local"], 550]);
    await expect.poll(() => sent(t), { timeout: 10_000 }).toEqual([["+491704444444", "hi"]]);
  });

  it("refuses a recipient at a domain it does not serve with 550", async () => {
    const { port } = await start();
    const reply = await sendMail(port, { from: MONITOR, to: "+491704444444@other.org", text: "x" });
    expect(reply.code).toBe(550);
  });

  it("bounces a text longer than sms.maxParts with 554, naming the limit, and queues nothing", async () => {
    const { t, port } = await start({}, { maxParts: 2 });
    const reply = await sendMail(port, {
      from: MONITOR,
      to: "+491701234567@sms.local",
      text: "x".repeat(153 * 2 + 1),
    });
    expect([reply.code, /maxParts/.test(reply.response ?? ""), t.gateway.service.list()]).toEqual([
      554,
      true,
      [],
    ]);
  });

  it("refuses a destination the policy denies with 554", async () => {
    const { port } = await start();
    const reply = await sendMail(port, { from: MONITOR, to: "+881612345678@sms.local", text: "x" });
    expect(reply.code).toBe(554);
  });

  it("answers 452 once a sender's hourly quota is used up", async () => {
    const { port } = await start({ maxPerSenderPerHour: 2 });
    await sendMail(port, { from: MONITOR, to: "+491701234567@sms.local", text: "one" });
    await sendMail(port, { from: MONITOR, to: "+491701234567@sms.local", text: "two" });
    const third = await sendMail(port, { from: MONITOR, to: "+491701234567@sms.local", text: "3" });
    expect(third.code).toBe(452);
  });

  it("makes text of a mail that has only an HTML part", async () => {
    const { t, port } = await start();
    await sendMail(port, {
      from: MONITOR,
      to: "+491701234567@sms.local",
      html: "<p>Printer <b>out of toner</b></p>",
    });
    await expect
      .poll(() => sent(t), { timeout: 10_000 })
      .toEqual([["+491701234567", "Printer out of toner"]]);
  });

  it("holds the quota against two connections of one sender at once (452 at DATA)", async () => {
    const { port } = await start({ maxPerSenderPerHour: 1 });
    const replies: number[] = [];
    const a = await SmtpDialogue.open(port);
    const b = await SmtpDialogue.open(port);
    for (const d of [a, b]) {
      await d.say("EHLO test");
      await d.say(`MAIL FROM:<${MONITOR}>`);
      replies.push(await d.say("RCPT TO:<+491701234567@sms.local>"));
    }
    for (const d of [a, b]) {
      await d.say("DATA");
      replies.push(await d.say("Subject: x\r\n\r\nhello\r\n."));
      d.close();
    }
    expect(replies).toEqual([250, 250, 250, 452]);
  });

  it("takes the subject as the text when configured so", async () => {
    const { t, port } = await start({ text: "subject" });
    await sendMail(port, {
      from: MONITOR,
      to: "+491701234567@sms.local",
      subject: "UPS on battery",
      text: "long body",
    });
    await expect
      .poll(() => sent(t), { timeout: 10_000 })
      .toEqual([["+491701234567", "UPS on battery"]]);
  });

  it("queues the SMS durably and marks it as coming from e-mail before it answers 250", async () => {
    const { t, port } = await start();
    await t.gateway.modem.stop();
    const reply = await sendMail(port, { from: MONITOR, to: "+491701234567@sms.local", text: "q" });
    expect([reply.accepted.length, t.gateway.service.list().map((m) => m.status)]).toEqual([
      1,
      ["queued"],
    ]);
    expect(t.gateway.service.originOf(t.gateway.service.list()[0]?.id ?? "")).toBe("email");
  });

  it("sends the same mail delivered twice (same Message-ID) as one SMS", async () => {
    const { t, port } = await start();
    const mail = {
      from: MONITOR,
      to: "+491701234567@sms.local",
      text: "once",
      messageId: "<42@zabbix.example.com>",
    };
    await t.gateway.modem.stop();
    await sendMail(port, mail);
    await sendMail(port, mail);
    expect(t.gateway.service.list().map((m) => m.text)).toEqual(["once"]);
  });
});
