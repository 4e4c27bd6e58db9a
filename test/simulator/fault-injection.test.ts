import { afterEach, describe, expect, it, vi } from "vitest";
import { SimulatedModem } from "../../src/simulator/index.js";
import { encodeSubmit } from "../../src/sms/pdu/index.js";
import { WireClient } from "./wire-client.js";

let modem: SimulatedModem;
afterEach(async () => {
  await modem.close();
  vi.useRealTimers();
});

async function connect(
  opts: ConstructorParameters<typeof SimulatedModem>[0] = {},
): Promise<WireClient> {
  modem = new SimulatedModem(opts);
  const host = new WireClient(modem.openPort());
  await host.command("ATE0");
  return host;
}

describe("hang", () => {
  it("a hung modem neither echoes nor answers", async () => {
    vi.useFakeTimers();
    const host = await connect();
    modem.hang();
    host.write("ATE1\rAT\r");
    await vi.advanceTimersByTimeAsync(10_000);
    expect(host.received).toBe("");
  });

  it("answers again after hang(false)", async () => {
    const host = await connect();
    modem.hang();
    modem.hang(false);
    expect(await host.command("AT")).toBe("\r\nOK\r\n");
  });

  it("a power cycle heals a hang", async () => {
    const host = await connect();
    modem.hang();
    modem.reboot();
    await host.waitFor("SMS Ready");
    expect(modem.hung).toBe(false);
  });
});

describe("garbage and raw output", () => {
  it("emitGarbage writes line noise with NULs and high bytes", async () => {
    const host = await connect();
    modem.emitGarbage();
    await host.waitFor("\x0a");
    expect(host.received).toContain("\x00");
    expect(host.received).toContain("\xff");
  });

  it("emits given bytes and URCs verbatim", async () => {
    const host = await connect();
    modem.emitUrc("RING");
    modem.writeRaw("\x00\x00");
    await host.waitFor("\x00\x00");
    expect(host.received).toBe("\r\nRING\r\n\x00\x00");
  });

  it("respond() replaces a command's answer, for the given number of times", async () => {
    const host = await connect();
    modem.respond("AT+CSQ", { lines: ["+CSQ: 2,0"], final: "OK" });
    expect(await host.command("AT+CSQ")).toBe("\r\n+CSQ: 2,0\r\n\r\nOK\r\n");
    expect(await host.command("AT+CSQ")).toBe("\r\n+CSQ: 20,99\r\n\r\nOK\r\n");
  });

  it("ignoreCommand() swallows one command; the next is answered", async () => {
    vi.useFakeTimers();
    const host = await connect();
    modem.ignoreCommand("AT+COPS?");
    host.write("AT+COPS?\r");
    await vi.advanceTimersByTimeAsync(5000);
    expect(host.received).toBe("");
    host.write("AT\r");
    await vi.advanceTimersByTimeAsync(0);
    expect(host.take()).toBe("\r\nOK\r\n");
  });
});

describe("reboot mid-command", () => {
  it("rebootOn() resets instead of answering, then boots", async () => {
    const host = await connect();
    modem.rebootOn("AT+CMGS");
    host.write("AT+CMGS=20\r");
    await host.waitFor("SMS Ready\r\n");
    expect(host.lines()).toEqual(["RDY", "+CFUN: 1", "+CPIN: READY", "Call Ready", "SMS Ready"]);
  });

  it("a reboot during a realistic send loses the answer and records nothing", async () => {
    vi.useFakeTimers();
    modem = new SimulatedModem({ timing: "realistic" });
    const host = new WireClient(modem.openPort());
    const part = encodeSubmit({ to: "+491701234567", text: "hi" }).parts[0]!;
    host.write(`AT+CMGS=${part.tpduLength}\r`);
    await vi.advanceTimersByTimeAsync(200);
    host.write(`${part.pdu}\x1a`);
    await vi.advanceTimersByTimeAsync(500);
    modem.reboot();
    await vi.advanceTimersByTimeAsync(10_000);
    expect(host.received).not.toContain("+CMGS:");
    expect(host.received).toContain("SMS Ready");
    expect(modem.sent).toHaveLength(0);
  });
});

describe("registration", () => {
  it("AT+CREG? reports n and stat", async () => {
    const host = await connect();
    expect(await host.command("AT+CREG?")).toBe("\r\n+CREG: 0,1\r\n\r\nOK\r\n");
  });

  it("with AT+CREG=2 the answer carries location; SIM800 has no AcT", async () => {
    const host = await connect();
    await host.command("AT+CREG=2");
    expect(await host.command("AT+CREG?")).toBe('\r\n+CREG: 2,1,"1A2B","3C4D"\r\n\r\nOK\r\n');
  });

  it("dropping and restoring registration sends +CREG URCs when enabled", async () => {
    const host = await connect();
    await host.command("AT+CREG=1");
    modem.dropRegistration();
    modem.restoreRegistration();
    await host.waitFor("+CREG: 1\r\n");
    expect(host.lines()).toEqual(["+CREG: 2", "+CREG: 1"]);
  });

  it("an LTE-only EC25 can be registered on EPS while CS says 0", async () => {
    const host = await connect({ profile: "EC25" });
    modem.setDomainRegistration("cs", 0);
    expect(await host.command("AT+CREG?;+CEREG?")).toBe(
      "\r\n+CREG: 0,0\r\n\r\n+CEREG: 0,1\r\n\r\nOK\r\n",
    );
  });

  it("SIM800 does not know +CEREG", async () => {
    const host = await connect();
    expect(await host.command("AT+CEREG?")).toBe("\r\nERROR\r\n");
  });

  it("AT+COPS? names the operator, +COPS: 0 without network", async () => {
    const host = await connect({
      profile: "SIM7600",
      operator: { name: "Vodafone.de", mccMnc: "26202" },
    });
    expect(await host.command("AT+COPS?")).toBe('\r\n+COPS: 0,0,"Vodafone.de",7\r\n\r\nOK\r\n');
    await host.command("AT+COPS=3,2");
    expect(await host.command("AT+COPS?")).toBe('\r\n+COPS: 0,2,"26202",7\r\n\r\nOK\r\n');
    modem.dropRegistration(0);
    expect(await host.command("AT+COPS?")).toBe("\r\n+COPS: 0\r\n\r\nOK\r\n");
  });

  it("setSignal changes AT+CSQ", async () => {
    const host = await connect();
    modem.setSignal(7, 0);
    expect(await host.command("AT+CSQ")).toBe("\r\n+CSQ: 7,0\r\n\r\nOK\r\n");
  });

  it("AT+CFUN=0 deregisters and AT+CFUN=1 registers again", async () => {
    const host = await connect();
    await host.command("AT+CFUN=0");
    expect(await host.command("AT+CREG?")).toBe("\r\n+CREG: 0,0\r\n\r\nOK\r\n");
    await host.command("AT+CFUN=1");
    await host.waitFor(() => modem.registration() === 1);
    expect(await host.command("AT+CREG?")).toBe("\r\n+CREG: 0,1\r\n\r\nOK\r\n");
  });
});

describe("SIM faults", () => {
  it("removeSim: +CPIN: NOT READY, then SIM errors 10", async () => {
    const host = await connect();
    await host.command("AT+CMEE=1");
    modem.removeSim();
    await host.waitFor("+CPIN: NOT READY\r\n");
    expect(await host.command("AT+CPIN?")).toBe("\r\n+CME ERROR: 10\r\n");
    expect(await host.command("AT+CREG?")).toBe("\r\n+CREG: 0,0\r\n\r\nOK\r\n");
  });

  it("insertSim: read again, SMS ready again", async () => {
    const host = await connect();
    modem.removeSim();
    modem.insertSim();
    await host.waitForLog("SMS Ready\r\n");
    expect(modem.smsReady).toBe(true);
  });

  it("SIM busy answers +CME ERROR: 14 until cleared", async () => {
    const host = await connect();
    await host.command("AT+CMEE=1");
    modem.setSimBusy(true);
    expect(await host.command("AT+CPIN?")).toBe("\r\n+CME ERROR: 14\r\n");
    modem.setSimBusy(false);
    await host.waitFor("SMS Ready\r\n");
    expect(await host.command("AT+CPIN?")).toBe("\r\n+CPIN: READY\r\n\r\nOK\r\n");
  });

  it("requirePin locks the SIM at once", async () => {
    const host = await connect();
    modem.requirePin("9999");
    await host.waitFor("+CPIN: SIM PIN\r\n");
    expect(modem.smsReady).toBe(false);
  });
});
