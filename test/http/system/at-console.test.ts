import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { recentLogLines, setLogDestination, setLogLevel } from "../../../src/log.js";
import { type HttpGatewayTest, startHttpGatewayTest } from "../support/http-gateway.js";
import { uiLogin } from "./ui-login.js";

/**
 * POST /api/v1/modem/at: one AT command through the gateway's own channel, for admins, only
 * with `http.ui.atConsole: true`, never a PIN or lock command.
 */

describe("the AT console, off by default", () => {
  let t: HttpGatewayTest;
  beforeAll(async () => {
    t = await startHttpGatewayTest();
  });
  afterAll(async () => {
    await t.h.dispose();
  });

  it("refuses every command with 403 http.at-console-off", async () => {
    const r = await t.call("POST", "/api/v1/modem/at", {
      token: t.tokens.admin,
      body: { command: "AT+CSQ" },
    });
    expect(r.statusCode).toBe(403);
    expect(r.json()).toMatchObject({ code: "http.at-console-off" });
  });

  it("sends nothing to the modem", async () => {
    await t.call("POST", "/api/v1/modem/at", { token: t.tokens.admin, body: { command: "ATI9" } });
    expect(t.h.sim.commands).not.toContain("ATI9");
  });
});

describe("the AT console, switched on", () => {
  let t: HttpGatewayTest;
  const send = (command: string, token = t.tokens.admin) =>
    t.call("POST", "/api/v1/modem/at", { token, body: { command } });
  beforeAll(async () => {
    t = await startHttpGatewayTest({ http: { ui: { atConsole: true } } });
  });
  afterAll(async () => {
    await t.h.dispose();
  });

  it("answers a command's lines and its final result", async () => {
    const r = await send("AT+CSQ");
    expect(r.statusCode).toBe(200);
    const body = r.json() as { lines: string[]; final: string };
    expect(body.final).toBe("OK");
    expect(body.lines[0]).toMatch(/^\+CSQ: \d+,\d+$/);
  });

  it("logs each command it sends, with who sent it", async () => {
    const restore = setLogDestination({ write: () => true });
    setLogLevel("info");
    try {
      await send("ATI");
    } finally {
      setLogLevel("silent");
      restore();
    }
    expect(recentLogLines(500, "warn").at(-1)).toMatchObject({
      msg: "AT console command",
      command: "ATI",
      by: "root",
    });
  });

  it("answers the modem's refusal as the final result, not as a failure", async () => {
    const r = await send("AT+NOSUCHCOMMAND");
    expect(r.statusCode).toBe(200);
    expect(r.json()).toMatchObject({ final: "+CME ERROR: 4", error: "at.cme" });
  });

  it.each([
    ['AT+CPIN="1234"', "a PIN"],
    ['AT+CPWD="SC","1234","0000"', "a PIN change"],
    ['AT+CLCK="SC",0,"1234"', "a SIM lock"],
    ["AT+CMGS=23", "a prompt command"],
  ])("refuses %s (%s) with 400 http.at-command-refused", async (command) => {
    const r = await send(command);
    expect(r.statusCode).toBe(400);
    expect(r.json()).toMatchObject({ code: "http.at-command-refused" });
    expect(t.h.sim.commands).not.toContain(command);
  });

  it.each([["hello"], ["AT+CSQ\r\nAT+CPIN=1234"], [""]])(
    "refuses %j: not one AT command",
    async (command) => {
      const r = await send(command);
      expect(r.statusCode).toBe(400);
      expect(r.json()).toMatchObject({ code: "http.at-command-refused" });
    },
  );

  it("is for admins only: a messages:send token gets 403", async () => {
    expect((await send("AT", t.tokens.send)).statusCode).toBe(403);
  });

  it("needs a token: 401 without", async () => {
    const r = await t.call("POST", "/api/v1/modem/at", { body: { command: "AT" } });
    expect(r.statusCode).toBe(401);
  });

  it("refuses the web UI's cookie without the CSRF header (403 http.csrf)", async () => {
    const { cookie, csrf } = await uiLogin(t);
    const without = await t.call("POST", "/api/v1/modem/at", {
      headers: { cookie },
      body: { command: "AT" },
    });
    expect(without.json()).toMatchObject({ code: "http.csrf" });
    const with_ = await t.call("POST", "/api/v1/modem/at", {
      headers: { cookie, "x-csrf-token": csrf },
      body: { command: "AT" },
    });
    expect(with_.statusCode).toBe(200);
  });
});
