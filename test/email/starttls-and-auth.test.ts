import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { type GatewayTest, startGatewayTest } from "../support/gateway.js";
import { sendMail } from "./support/send-mail.js";

// The self-signed certificate for 127.0.0.1 the HTTPS tests use.
const fixture = (name: string) => fileURLToPath(new URL(`../fixtures/${name}`, import.meta.url));
const CERT = fixture("http-tls.crt");
const KEY = fixture("http-tls.key");
const USER = { user: "ups", pass: "correct horse" };
const MAIL = { from: "ups@nas.lan", to: "+491701234567@sms.local", text: "On battery" };

async function start(): Promise<{ t: GatewayTest; port: number }> {
  const t = await startGatewayTest({
    config: {
      email: {
        smtp: {
          enabled: true,
          port: 0,
          tls: { cert: CERT, key: KEY },
          users: [{ name: "ups", password: "correct horse" }],
        },
      },
    },
  });
  return { t, port: t.gateway.email?.smtpPort ?? 0 };
}

describe("email.smtp.tls: STARTTLS, and AUTH only inside it", () => {
  it("accepts a mail after STARTTLS and AUTH", async () => {
    const { t, port } = await start();
    const reply = await sendMail(port, MAIL, USER, { ca: readFileSync(CERT) });
    expect(reply.accepted).toEqual([MAIL.to]);
    await expect
      .poll(() => t.sim.sent.map((s) => [s.to, s.text]), { timeout: 10_000 })
      .toEqual([["+491701234567", "On battery"]]);
  });

  it("refuses AUTH over plain SMTP (the password would travel in clear text)", async () => {
    const { t, port } = await start();
    const reply = await sendMail(port, MAIL, USER);
    expect([reply.accepted, reply.code, t.gateway.service.list()]).toEqual([[], 538, []]);
  });
});
