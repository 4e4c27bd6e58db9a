import { afterEach, describe, expect, it } from "vitest";
import { startGatewayTest } from "../support/gateway.js";
import { MailSink } from "./support/mail-sink.js";
import { sendMail } from "./support/send-mail.js";

let sink: MailSink | undefined;

afterEach(async () => {
  await sink?.stop();
  sink = undefined;
});

describe("the delivery notice (email.smtp.deliveryNotice)", () => {
  it("mails the sender once the SMS its mail became is sent", async () => {
    sink = await MailSink.start();
    const t = await startGatewayTest({
      config: {
        email: {
          smtp: {
            enabled: true,
            port: 0,
            allowedSenders: ["nas@example.com"],
            deliveryNotice: true,
          },
          relay: { host: "127.0.0.1", port: sink.port, tls: "none", from: "smsgw@example.com" },
        },
      },
    });
    await sendMail(t.gateway.email?.smtpPort ?? 0, {
      from: "nas@example.com",
      to: "+491701234567@sms.local",
      text: "RAID degraded",
    });
    const s = sink;
    await expect
      .poll(() => s.mails.map((m) => [m.to, m.subject]), { timeout: 10_000 })
      .toEqual([[["nas@example.com"], "SMS to +491701234567 sent"]]);
  });
});
