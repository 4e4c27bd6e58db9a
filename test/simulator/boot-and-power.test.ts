import { afterEach, describe, expect, it, vi } from "vitest";
import { type ProfileName, SimulatedModem } from "../../src/simulator/index.js";
import { WireClient } from "./wire-client.js";

let modem: SimulatedModem;
afterEach(async () => {
  await modem.close();
  vi.useRealTimers();
});

function connect(opts: ConstructorParameters<typeof SimulatedModem>[0] = {}): WireClient {
  modem = new SimulatedModem(opts);
  return new WireClient(modem.openPort());
}

const bootLines: Record<ProfileName, string[]> = {
  SIM800: ["RDY", "+CFUN: 1", "+CPIN: READY", "Call Ready", "SMS Ready"],
  SIM7600: ["RDY", "+CPIN: READY", "SMS DONE", "PB DONE"],
  EC25: ["RDY", "+CFUN: 1", "+CPIN: READY", "+QUSIM: 1", "+QIND: SMS DONE", "+QIND: PB DONE"],
};

describe("boot URCs", () => {
  it.each(Object.entries(bootLines))(
    "%s prints its boot sequence after power-on",
    async (profile, lines) => {
      const host = connect({ profile: profile as ProfileName, poweredOn: false });
      modem.powerOn();
      await host.waitFor(`${lines.at(-1)}\r\n`);
      expect(host.lines()).toEqual(lines);
      expect(host.received.startsWith("\r\n")).toBe(true);
    },
  );

  it("prints nothing when the module is already on at start", async () => {
    const host = connect();
    await host.command("AT");
    expect(modem.commands).toEqual(["AT"]);
  });

  it("a PIN-locked SIM stops the sequence at +CPIN: SIM PIN", async () => {
    const host = connect({ poweredOn: false, pin: "1234" });
    modem.powerOn();
    await host.waitFor("+CPIN: SIM PIN\r\n");
    expect(host.lines()).toEqual(["RDY", "+CFUN: 1", "+CPIN: SIM PIN"]);
    expect(modem.smsReady).toBe(false);
  });

  it("realistic timing: the UART is silent until RDY (1.5 s for a SIM800)", async () => {
    vi.useFakeTimers();
    const host = connect({ poweredOn: false, timing: "realistic" });
    modem.powerOn();
    await vi.advanceTimersByTimeAsync(1400);
    host.write("AT\r");
    await vi.advanceTimersByTimeAsync(50);
    expect(host.received).toBe("");
    await vi.advanceTimersByTimeAsync(100);
    expect(host.lines()).toEqual(["RDY"]);
  });

  it("realistic timing: SIM800 answers ERROR to SMS commands until SMS Ready", async () => {
    vi.useFakeTimers();
    const host = connect({ poweredOn: false, timing: "realistic" });
    modem.powerOn();
    await vi.advanceTimersByTimeAsync(2100); // RDY, +CFUN: 1, +CPIN: READY
    host.take();
    host.write("AT+CMGF=0\r");
    await vi.advanceTimersByTimeAsync(100);
    expect(host.take()).toBe("AT+CMGF=0\r\r\nERROR\r\n");
    await vi.advanceTimersByTimeAsync(3300); // Call Ready, SMS Ready
    expect(host.take()).toContain("SMS Ready");
    host.write("AT+CMGF=0\r");
    await vi.advanceTimersByTimeAsync(100);
    expect(host.take()).toBe("AT+CMGF=0\r\r\nOK\r\n");
  });

  it("EC25 answers +CMS ERROR: 302 to storage commands before +QIND: SMS DONE", async () => {
    vi.useFakeTimers();
    const host = connect({ profile: "EC25", poweredOn: false, timing: "realistic" });
    modem.powerOn();
    await vi.advanceTimersByTimeAsync(5620); // RDY, +CFUN: 1, +CPIN: READY
    host.take();
    host.write("AT+CPMS?\r");
    await vi.advanceTimersByTimeAsync(50);
    expect(host.take()).toBe("AT+CPMS?\r\r\n+CMS ERROR: 302\r\n");
  });

  it("echo is back on after a reboot", async () => {
    const host = connect();
    await host.command("ATE0");
    modem.reboot();
    await host.waitFor("SMS Ready\r\n");
    expect(await host.command("AT")).toBe("AT\r\r\nOK\r\n");
  });

  it("AT+CFUN=1,1 answers OK and then boots again", async () => {
    const host = connect();
    await host.command("ATE0");
    host.write("AT+CFUN=1,1\r");
    await host.waitFor("SMS Ready\r\n");
    expect(host.lines()).toEqual([
      "OK",
      "RDY",
      "+CFUN: 1",
      "+CPIN: READY",
      "Call Ready",
      "SMS Ready",
    ]);
  });
});

describe("PWRKEY", () => {
  it("a SIM800 ignores a pulse shorter than 1 s", async () => {
    vi.useFakeTimers();
    const host = connect({ poweredOn: false });
    const pulse = modem.pressPwrkey(900);
    await vi.advanceTimersByTimeAsync(1000);
    await pulse;
    expect(modem.poweredOn).toBe(false);
    expect(host.received).toBe("");
  });

  it("a 1 s low pulse switches an off SIM800 on and it boots", async () => {
    vi.useFakeTimers();
    const host = connect({ poweredOn: false });
    const pulse = modem.pressPwrkey(1200);
    await vi.advanceTimersByTimeAsync(1200);
    await pulse;
    expect(modem.poweredOn).toBe(true);
    await host.waitFor("SMS Ready\r\n");
    expect(host.lines()[0]).toBe("RDY");
  });

  it("the same pulse, held 1.5 s, switches a running SIM800 off with NORMAL POWER DOWN", async () => {
    vi.useFakeTimers();
    const host = connect({ timing: "realistic" });
    const pulse = modem.pressPwrkey(1600);
    await vi.advanceTimersByTimeAsync(1600);
    await pulse;
    expect(modem.poweredOn).toBe(true);
    await vi.advanceTimersByTimeAsync(1700);
    expect(host.lines()).toEqual(["NORMAL POWER DOWN"]);
    expect(modem.poweredOn).toBe(false);
  });

  it("EC25 says POWERED DOWN", async () => {
    vi.useFakeTimers();
    const host = connect({ profile: "EC25" });
    const pulse = modem.pressPwrkey(700);
    await vi.advanceTimersByTimeAsync(700);
    await pulse;
    expect(host.lines()).toEqual(["POWERED DOWN"]);
    expect(modem.poweredOn).toBe(false);
  });

  it("a module that is off neither echoes nor answers", async () => {
    vi.useFakeTimers();
    const host = connect({ poweredOn: false });
    host.write("AT\r");
    await vi.advanceTimersByTimeAsync(5000);
    expect(host.received).toBe("");
  });

  it("AT+CPOWD=1 powers a SIM800 down without OK", async () => {
    const host = connect();
    await host.command("ATE0");
    host.write("AT+CPOWD=1\r");
    await host.waitFor("NORMAL POWER DOWN\r\n");
    expect(host.received).toBe("\r\nNORMAL POWER DOWN\r\n");
    await new Promise((r) => process.nextTick(r));
    expect(modem.poweredOn).toBe(false);
  });
});
