import { afterEach, describe, expect, it } from "vitest";
import { SimulatedModem, type SimulatedModemOptions } from "../../src/simulator/index.js";
import { decodePdu, tpduLength } from "../../src/sms/pdu/index.js";
import { configuredHost, lines, WireClient } from "./wire-client.js";

let modem: SimulatedModem;
afterEach(async () => {
  await modem.close();
});

/** A new simulator with these options, and a host on it set up as a gateway does. */
function connect(opts: SimulatedModemOptions = {}): Promise<WireClient> {
  modem = new SimulatedModem(opts);
  return configuredHost(modem);
}

describe("inbound SMS into SIM storage", () => {
  it("stores it and announces +CMTI with its index", async () => {
    const host = await connect();
    modem.deliverSms({ from: "+491701234567", text: "hello" });
    await host.waitFor('+CMTI: "SM",1\r\n');
    expect(host.take()).toBe('\r\n+CMTI: "SM",1\r\n');
  });

  it("counts from index 0 on an EC25", async () => {
    const host = await connect({ profile: "EC25" });
    modem.deliverSms({ from: "+491701234567", text: "hello" });
    await host.waitFor('+CMTI: "SM",0\r\n');
  });

  it("is silent with the boot default AT+CNMI=0,0 (stored only)", async () => {
    modem = new SimulatedModem();
    const host = new WireClient(modem.openPort());
    await host.command("ATE0");
    modem.deliverSms({ from: "+491701234567", text: "hello" });
    expect(lines(await host.command("AT+CPMS?"))).toEqual([
      '+CPMS: "SM",1,30,"SM",1,30,"SM",1,30',
      "OK",
    ]);
  });

  it("routes directly as +CMT: ,<len> with AT+CNMI=2,2", async () => {
    const host = await connect();
    await host.command("AT+CNMI=2,2,0,0,0");
    const [pdu] = modem.deliverSms({ from: "+491701234567", text: "hello" });
    await host.waitFor(`${pdu}\r\n`);
    expect(lines(host.take())).toEqual([`+CMT: ,${tpduLength(pdu!)}`, pdu]);
  });

  it("AT+CMGR returns <stat>,,<len> and the PDU, and marks it read", async () => {
    const host = await connect();
    const [pdu] = modem.deliverSms({ from: "+491701234567", text: "hello" });
    await host.waitFor("+CMTI");
    const first = lines(await host.command("AT+CMGR=1"));
    expect(first[0]).toMatch(/^\+CMGR: 0,,\d+$/);
    expect(first.slice(1)).toEqual([pdu, "OK"]);
    expect(decodePdu(first[1]!)).toMatchObject({ from: "+491701234567", text: "hello" });
    expect(lines(await host.command("AT+CMGR=1"))[0]).toMatch(/^\+CMGR: 1,,/);
  });

  it("AT+CMGR of an empty slot: a SIM800 answers a bare OK, an EC25 +CMS ERROR: 321", async () => {
    const sim800 = await connect();
    expect(await sim800.command("AT+CMGR=5")).toBe("\r\nOK\r\n");
    await modem.close();
    const ec25 = await connect({ profile: "EC25" });
    expect(await ec25.command("AT+CMGR=5")).toBe("\r\n+CMS ERROR: 321\r\n");
  });

  it("AT+CMGL=4 lists every message with its PDU; =0 only the unread ones", async () => {
    const host = await connect();
    modem.deliverSms({ from: "+491700000001", text: "one" });
    modem.deliverSms({ from: "+491700000002", text: "two" });
    await host.waitFor('+CMTI: "SM",2');
    await host.command("AT+CMGR=1");
    const unread = lines(await host.command("AT+CMGL=0"));
    expect(unread[0]).toMatch(/^\+CMGL: 2,0,,\d+$/);
    expect(unread).toHaveLength(3);
    const all = lines(await host.command("AT+CMGL=4"));
    expect(
      all.filter((l) => l.startsWith("+CMGL:")).map((l) => l.split(",").slice(0, 2).join(",")),
    ).toEqual(["+CMGL: 1,1", "+CMGL: 2,1"]);
  });

  it('AT+CMGL="ALL" is an error in PDU mode', async () => {
    const host = await connect();
    expect(await host.command('AT+CMGL="ALL"')).toBe("\r\nERROR\r\n");
  });

  it("AT+CMGD deletes one index; delflag 4 deletes all", async () => {
    const host = await connect();
    for (const t of ["a", "b", "c"]) modem.deliverSms({ from: "+491700000001", text: t });
    await host.waitFor('+CMTI: "SM",3');
    await host.command("AT+CMGD=2");
    expect(modem.sim.storage.list(4).map((m) => m.index)).toEqual([1, 3]);
    await host.command("AT+CMGD=1,4");
    expect(modem.sim.storage.used).toBe(0);
  });

  it("AT+CMGD with an index outside the storage is +CMS ERROR: 321", async () => {
    const host = await connect();
    expect(await host.command("AT+CMGD=99")).toBe("\r\n+CMS ERROR: 321\r\n");
  });

  it("delivers multipart parts out of order and with duplicates, one +CMTI each", async () => {
    const host = await connect();
    const pdus = modem.deliverSms({
      from: "+491701234567",
      text: "y".repeat(400),
      concatRef: 9,
      order: [2, 0, 1],
      duplicate: [0],
    });
    expect(pdus).toHaveLength(4);
    await host.waitFor('+CMTI: "SM",4');
    const parts = modem.sim.storage.list(4).map((m) => decodePdu(m.pdu).concat?.part);
    expect(parts).toEqual([3, 1, 1, 2]);
  });
});

describe("SIM full", () => {
  it("stops storing: no +CMTI, the network holds the message", async () => {
    const host = await connect({ simCapacity: 2 });
    modem.deliverSms({ from: "+491700000001", text: "a" });
    modem.deliverSms({ from: "+491700000001", text: "b" });
    modem.deliverSms({ from: "+491700000001", text: "c" });
    await host.waitFor('+CMTI: "SM",2\r\n');
    expect(host.lines()).toEqual(['+CMTI: "SM",1', '+CMTI: "SM",2']);
    expect(modem.heldByNetwork).toHaveLength(1);
  });

  it("AT+CMGW answers +CMS ERROR: 322 when full", async () => {
    const host = await connect({ simCapacity: 1 });
    const [pdu] = modem.deliverSms({ from: "+491700000001", text: "a" });
    await host.waitFor("+CMTI");
    host.take();
    host.write(`AT+CMGW=${tpduLength(pdu!)}\r`);
    await host.waitFor("> ");
    host.take();
    host.write(`${pdu}\x1a`);
    await host.waitFor("\r\n+CMS ERROR: 322\r\n");
  });

  it("hands the held message over once AT+CMGD frees a slot", async () => {
    const host = await connect({ simCapacity: 1 });
    modem.deliverSms({ from: "+491700000001", text: "a" });
    modem.deliverSms({ from: "+491700000001", text: "b" });
    await host.waitFor("+CMTI");
    await host.command("AT+CMGD=1");
    await host.waitForLog(/OK\r\n\r\n\+CMTI: "SM",1\r\n/);
    expect(decodePdu(modem.sim.storage.get(1)!.pdu).text).toBe("b");
    expect(modem.heldByNetwork).toHaveLength(0);
  });
});

describe("while the modem can't receive", () => {
  it("the network holds SMS while powered off and delivers them after boot", async () => {
    const host = await connect();
    modem.powerOff();
    modem.deliverSms({ from: "+491700000001", text: "while off" });
    expect(modem.heldByNetwork).toHaveLength(1);
    modem.powerOn();
    await host.waitFor("SMS Ready");
    expect(modem.sim.storage.used).toBe(1);
  });
});

describe("text mode reading", () => {
  it("AT+CMGR shows stat, sender and timestamp, then the text", async () => {
    const host = await connect();
    await host.command("AT+CMGF=1");
    modem.deliverSms({
      from: "+491701234567",
      text: "hi there",
      timestamp: new Date("2024-05-01T10:30:00Z"),
      tzOffsetMinutes: 60,
    });
    await host.waitFor("+CMTI");
    expect(lines(await host.command("AT+CMGR=1"))).toEqual([
      '+CMGR: "REC UNREAD","+491701234567","","24/05/01,11:30:00+04"',
      "hi there",
      "OK",
    ]);
  });
});
