import { describe, expect, it, vi } from "vitest";
import { startGatewayTest } from "../support/gateway.js";

/**
 * The mail libraries cost memory a Pi Zero 2 W has little of: a gateway without `email`
 * configured loads none of them and listens on no SMTP port.
 */

const loaded = vi.hoisted(() => ({
  door: false,
  smtpServer: false,
  mailparser: false,
  nodemailer: false,
}));

vi.mock("../../src/email/index.js", async (importOriginal) => {
  loaded.door = true;
  return importOriginal();
});
vi.mock("smtp-server", async (importOriginal) => {
  loaded.smtpServer = true;
  return importOriginal();
});
vi.mock("mailparser", async (importOriginal) => {
  loaded.mailparser = true;
  return importOriginal();
});
vi.mock("nodemailer", async (importOriginal) => {
  loaded.nodemailer = true;
  return importOriginal();
});

describe("the e-mail door's code", () => {
  it("is not loaded by a gateway without email configured (the default)", async () => {
    const t = await startGatewayTest();
    expect(t.gateway.email).toBeUndefined();
    expect(loaded).toEqual({
      door: false,
      smtpServer: false,
      mailparser: false,
      nodemailer: false,
    });
  });

  it("loads only nodemailer, and no listener, with a relay but the SMTP listener off", async () => {
    const t = await startGatewayTest({ config: { email: { relay: { host: "127.0.0.1" } } } });
    expect([loaded, t.gateway.email?.smtpPort]).toEqual([
      { door: true, smtpServer: false, mailparser: false, nodemailer: true },
      undefined,
    ]);
  });

  it("loads the listener's libraries, and listens, once email.smtp.enabled is true", async () => {
    const t = await startGatewayTest({
      config: { email: { smtp: { enabled: true, port: 0, allowedSenders: ["*@example.com"] } } },
    });
    expect([loaded.smtpServer, loaded.mailparser]).toEqual([true, true]);
    expect(t.gateway.email?.smtpPort).toBeGreaterThan(0);
  });
});
