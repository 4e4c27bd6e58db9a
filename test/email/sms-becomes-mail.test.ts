import { afterEach, describe, expect, it } from "vitest";
import type { ConfigInput } from "../../src/config/index.js";
import { startGatewayTest } from "../support/gateway.js";
import { MailSink } from "./support/mail-sink.js";

const ALICE = "+491701111111";
let sink: MailSink | undefined;

afterEach(async () => {
  await sink?.stop();
  sink = undefined;
});

/** The gateway mailing through a loopback sink as its relay. */
async function start(email: NonNullable<ConfigInput["email"]>, extra: ConfigInput = {}) {
  sink = await MailSink.start();
  const t = await startGatewayTest({
    config: {
      contacts: [{ name: "alice", number: ALICE }],
      ...extra,
      email: {
        ...email,
        relay: {
          host: "127.0.0.1",
          port: sink.port,
          tls: "none",
          from: "smsgw@example.com",
          // The backoff itself is tested with hand-moved timers (mail-outbox.test.ts).
          retry: { firstSeconds: 0.05, maxSeconds: 0.05 },
          ...email.relay,
        },
      },
    },
  });
  return { t, sink };
}

describe("SMS → e-mail", () => {
  it("mails every received SMS to the forwardAll addresses with the subject and body templates", async () => {
    const { t, sink } = await start({
      forwardAll: ["ops@example.com"],
      subject: "SMS from {{name}} ({{from}})",
      body: "{{name}} wrote: {{text}}",
    });
    t.sim.deliverSms({ from: ALICE, text: "The door is open" });
    await expect
      .poll(() => sink.mails, { timeout: 10_000 })
      .toEqual([
        {
          from: "smsgw@example.com",
          to: ["ops@example.com"],
          subject: `SMS from alice (${ALICE})`,
          text: "alice wrote: The door is open\n",
        },
      ]);
  });

  it("mails an SMS that matches a forwarding rule to its mailto: recipient", async () => {
    const { t, sink } = await start(
      { subject: "Alarm: {{text}}" },
      {
        automation: {
          forwarding: [{ name: "alarm", text: "^ALARM", to: ["mailto:security@example.com"] }],
        },
      },
    );
    await t.gateway.whenAutomationStarted();
    t.sim.deliverSms({ from: ALICE, text: "hello" });
    t.sim.deliverSms({ from: ALICE, text: "ALARM zone 3" });
    await expect
      .poll(() => sink.mails.map((m) => [m.to, m.subject]), { timeout: 10_000 })
      .toEqual([[["security@example.com"], "Alarm: ALARM zone 3"]]);
  });

  it("mails a rule's mailto: recipients beside its phones, without counting mail against maxPerHour", async () => {
    const { t, sink } = await start(
      { subject: "{{text}}" },
      {
        sms: { rateLimits: { perMinute: 0, perHour: 0, perDay: 0 } },
        automation: {
          forwarding: [
            { name: "both", to: ["mailto:ops@example.com", "+491709999999"], maxPerHour: 1 },
          ],
        },
      },
    );
    await t.gateway.whenAutomationStarted();
    t.sim.deliverSms({ from: ALICE, text: "one" });
    await expect.poll(() => sink.mails.length, { timeout: 10_000 }).toBe(1);
    t.sim.deliverSms({ from: ALICE, text: "two" });
    await expect
      .poll(() => sink.mails.map((m) => m.subject), { timeout: 10_000 })
      .toEqual(["one", "two"]);
    await expect
      .poll(() => t.sim.sent.map((s) => [s.to, s.text]), { timeout: 10_000 })
      .toEqual([["+491709999999", "From +491701111111: one"]]);
  });

  it("keeps receiving SMS while the relay is down, and mails them once it is back", async () => {
    const { t, sink } = await start({ forwardAll: ["ops@example.com"] });
    await sink.stop();
    t.sim.deliverSms({ from: ALICE, text: "first" });
    await expect
      .poll(() => t.gateway.email?.outbox?.pending().map((m) => m.attempts > 0), {
        timeout: 10_000,
      })
      .toEqual([true]);
    t.sim.deliverSms({ from: ALICE, text: "second" });
    // Received and handed on (published, queued for mail) while the first mail still waits.
    await t.client.waitForTopic("smsgw/received", (j) => j.text === "second", 10_000);
    await expect.poll(() => t.gateway.email?.outbox?.pending().length, { timeout: 10_000 }).toBe(2);
    await sink.listen();
    await expect
      .poll(() => sink.mails.map((m) => m.text.split("\n")[0]).sort(), { timeout: 10_000 })
      .toEqual(["first", "second"]);
  });

  it("mails what it kept while the relay was down after a gateway restart", async () => {
    const { t, sink } = await start({ forwardAll: ["ops@example.com"] });
    await sink.stop();
    t.sim.deliverSms({ from: ALICE, text: "kept" });
    await expect.poll(() => t.gateway.email?.outbox?.pending().length, { timeout: 10_000 }).toBe(1);
    await t.gateway.stop();
    await sink.listen();
    await t.startGateway();
    await expect
      .poll(() => sink.mails.map((m) => m.to), { timeout: 10_000 })
      .toEqual([["ops@example.com"]]);
  });
});
