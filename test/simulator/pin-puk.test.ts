import { afterEach, describe, expect, it } from "vitest";
import { SimulatedModem } from "../../src/simulator/index.js";
import { WireClient } from "./wire-client.js";

let modem: SimulatedModem;
afterEach(async () => {
  await modem.close();
});

async function connect(
  opts: ConstructorParameters<typeof SimulatedModem>[0] = {},
): Promise<WireClient> {
  modem = new SimulatedModem({ pin: "1234", puk: "87654321", ...opts });
  const host = new WireClient(modem.openPort());
  await host.command("ATE0");
  await host.command("AT+CMEE=1");
  return host;
}

describe("SIM PIN", () => {
  it("a locked SIM reports +CPIN: SIM PIN", async () => {
    const host = await connect();
    expect(await host.command("AT+CPIN?")).toBe("\r\n+CPIN: SIM PIN\r\n\r\nOK\r\n");
  });

  it("the right PIN answers OK, then +CPIN: READY, Call Ready and SMS Ready", async () => {
    const host = await connect();
    host.write('AT+CPIN="1234"\r');
    await host.waitFor("SMS Ready\r\n");
    expect(host.lines()).toEqual(["OK", "+CPIN: READY", "Call Ready", "SMS Ready"]);
    expect(modem.smsReady).toBe(true);
  });

  it("a wrong PIN is +CME ERROR: 16 and costs one of 3 attempts (AT+SPIC)", async () => {
    const host = await connect();
    expect(await host.command('AT+CPIN="0000"')).toBe("\r\n+CME ERROR: 16\r\n");
    expect(await host.command("AT+SPIC")).toBe("\r\n+SPIC: 2,10,3,10\r\n\r\nOK\r\n");
  });

  it("the right PIN resets the counter", async () => {
    const host = await connect();
    await host.command('AT+CPIN="0000"');
    await host.command('AT+CPIN="1234"');
    expect(modem.sim.pinAttempts).toBe(3);
  });

  it("three wrong PINs lock the SIM with the PUK", async () => {
    const host = await connect();
    for (let i = 0; i < 3; i++) await host.command('AT+CPIN="0000"');
    expect(lines(await host.command("AT+CPIN?"))).toEqual(["+CPIN: SIM PUK", "OK"]);
  });

  it("SMS commands need the PIN first (+CMS ERROR: 311)", async () => {
    const host = await connect({ profile: "EC25" });
    expect(await host.command("AT+CPMS?")).toBe("\r\n+CMS ERROR: 311\r\n");
  });

  it("entering a PIN when none is needed is not allowed (+CME ERROR: 3)", async () => {
    const host = await connect({ pin: undefined });
    expect(await host.command('AT+CPIN="1234"')).toBe("\r\n+CME ERROR: 3\r\n");
  });

  it("the PIN is asked again after a power cycle", async () => {
    const host = await connect();
    host.write('AT+CPIN="1234"\r');
    await host.waitFor("SMS Ready");
    modem.reboot();
    await host.waitForLog(/RDY[\s\S]*\+CPIN: SIM PIN/);
  });
});

describe("SIM PUK", () => {
  async function locked(): Promise<WireClient> {
    const host = await connect();
    for (let i = 0; i < 3; i++) await host.command('AT+CPIN="0000"');
    return host;
  }

  it("a PIN alone is refused with +CME ERROR: 12", async () => {
    const host = await locked();
    expect(await host.command('AT+CPIN="1234"')).toBe("\r\n+CME ERROR: 12\r\n");
  });

  it("a wrong PUK costs one of 10 attempts", async () => {
    const host = await locked();
    expect(await host.command('AT+CPIN="11111111","4321"')).toBe("\r\n+CME ERROR: 16\r\n");
    expect(lines(await host.command("AT+SPIC"))[0]).toBe("+SPIC: 0,9,3,10");
  });

  it("the right PUK with a new PIN unlocks, and the new PIN is the PIN", async () => {
    const host = await locked();
    host.write('AT+CPIN="87654321","4321"\r');
    await host.waitFor("SMS Ready");
    expect(modem.sim.pin).toBe("4321");
    expect(lines(await host.command("AT+CPIN?"))).toEqual(["+CPIN: READY", "OK"]);
  });

  it("ten wrong PUKs block the SIM for good (+CME ERROR: 13)", async () => {
    const host = await locked();
    for (let i = 0; i < 10; i++) await host.command('AT+CPIN="11111111","4321"');
    expect(await host.command("AT+CPIN?")).toBe("\r\n+CME ERROR: 13\r\n");
  });
});

describe("attempt counters per profile", () => {
  it("EC25 answers AT+QPINC", async () => {
    const host = await connect({ profile: "EC25" });
    await host.command('AT+CPIN="0000"');
    expect(lines(await host.command('AT+QPINC="SC"'))).toEqual(['+QPINC: "SC",2,10', "OK"]);
  });

  it("SIM7600 answers AT+CPINR", async () => {
    const host = await connect({ profile: "SIM7600" });
    expect(lines(await host.command('AT+CPINR="SIM PIN"'))).toEqual(["+CPINR: SIM PIN,3,3", "OK"]);
  });

  it("SIM800 does not know AT+QPINC", async () => {
    const host = await connect();
    expect(await host.command("AT+QPINC?")).toBe("\r\n+CME ERROR: 4\r\n");
  });
});

function lines(raw: string): string[] {
  return raw.split("\r\n").filter((l) => l !== "");
}
