import { afterEach, describe, expect, it } from "vitest";
import { SimulatedModem } from "../../src/simulator/index.js";
import { WireClient } from "./wire-client.js";

let modem: SimulatedModem;
afterEach(async () => {
  await modem.close();
});

function connect(opts: ConstructorParameters<typeof SimulatedModem>[0] = {}): WireClient {
  modem = new SimulatedModem(opts);
  return new WireClient(modem.openPort());
}

describe("echo", () => {
  it("is on at boot: the command comes back before the answer", async () => {
    const host = connect();
    expect(await host.command("AT")).toBe("AT\r\r\nOK\r\n");
  });

  it("is off after ATE0 (the ATE0 line itself is still echoed)", async () => {
    const host = connect();
    expect(await host.command("ATE0")).toBe("ATE0\r\r\nOK\r\n");
    expect(await host.command("AT")).toBe("\r\nOK\r\n");
  });

  it("comes back on with ATE1", async () => {
    const host = connect();
    await host.command("ATE0");
    await host.command("ATE1");
    expect(await host.command("AT")).toBe("AT\r\r\nOK\r\n");
  });
});

describe("command line", () => {
  it("answers information lines then OK, each framed by CR LF", async () => {
    const host = connect();
    await host.command("ATE0");
    expect(await host.command("AT+CSQ")).toBe("\r\n+CSQ: 20,99\r\n\r\nOK\r\n");
  });

  it("runs ;-chained commands in one line", async () => {
    const host = connect();
    await host.command("ATE0");
    expect(await host.command("AT+CMGF=0;+CSQ;+CMGF?")).toBe(
      "\r\n+CSQ: 20,99\r\n\r\n+CMGF: 0\r\n\r\nOK\r\n",
    );
  });

  it("accepts a command split over many writes, one byte at a time", async () => {
    const host = connect();
    await host.command("ATE0");
    for (const ch of "AT+CGMM\r") host.write(ch);
    await host.waitFor("OK\r\n");
    expect(host.take()).toBe("\r\nSIMCOM_SIM800\r\n\r\nOK\r\n");
  });

  it("answers an unknown command with ERROR when AT+CMEE=0", async () => {
    const host = connect();
    await host.command("ATE0");
    expect(await host.command("AT+FOO")).toBe("\r\nERROR\r\n");
  });

  it("answers an unknown command with +CME ERROR when AT+CMEE=1", async () => {
    const host = connect();
    await host.command("ATE0");
    await host.command("AT+CMEE=1");
    expect(await host.command("AT+FOO")).toBe("\r\n+CME ERROR: 4\r\n");
  });

  it("answers with verbose text when AT+CMEE=2", async () => {
    const host = connect({ simAbsent: true });
    await host.command("ATE0");
    await host.command("AT+CMEE=2");
    expect(await host.command("AT+CPIN?")).toBe("\r\n+CME ERROR: SIM not inserted\r\n");
  });

  it("ignores input that holds no AT", async () => {
    const host = connect();
    await host.command("ATE0");
    host.write("hello\r");
    expect(await host.command("AT")).toBe("\r\nOK\r\n");
    expect(modem.commands).toEqual(["ATE0", "AT"]);
  });

  it("identifies itself per profile", async () => {
    const host = connect({ profile: "EC25" });
    await host.command("ATE0");
    expect(await host.command("ATI")).toBe(
      "\r\nQuectel\r\nEC25\r\nRevision: EC25EFAR06A03M4G\r\n\r\nOK\r\n",
    );
    expect(await host.command("AT+CGSN")).toBe("\r\n861234567890128\r\n\r\nOK\r\n");
  });
});

describe("records", () => {
  it("emits every command line and expectCommand resolves on a match", async () => {
    const host = connect();
    const seen = modem.expectCommand("AT+CSQ");
    host.write("AT+CSQ\r");
    expect(await seen).toBe("AT+CSQ");
  });
});
