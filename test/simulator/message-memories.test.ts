import { afterEach, describe, expect, it } from "vitest";
import { runConsoleLine } from "../../src/simulator/console.js";
import { SimulatedModem, type SimulatedModemOptions } from "../../src/simulator/index.js";
import { decodePdu, encodeSubmit } from "../../src/sms/pdu/index.js";
import { configuredHost, lines, type WireClient } from "./wire-client.js";

let modem: SimulatedModem;
afterEach(async () => {
  await modem.close();
});

/** A new simulator with these options, and a host on it set up as a gateway does. */
function connect(opts: SimulatedModemOptions = {}): Promise<WireClient> {
  modem = new SimulatedModem(opts);
  return configuredHost(modem);
}

async function ask(host: WireClient, command: string): Promise<string[]> {
  return lines(await host.command(command));
}

/** Sends one part asking for a status report; resolves with its TP-MR. */
async function sendWithReport(host: WireClient): Promise<number> {
  const part = encodeSubmit({ to: "+491701234567", text: "hi", statusReport: true }).parts[0]!;
  host.take();
  host.write(`AT+CMGS=${part.tpduLength}\r`);
  await host.waitFor("> ");
  host.write(`${part.pdu}\x1a`);
  const answer = await host.waitFor(/OK\r\n$/);
  return Number(/\+CMGS: (\d+)/.exec(answer)![1]);
}

describe("AT+CPMS with only SIM storage (the default)", () => {
  it("lists SM for every parameter", async () => {
    const host = await connect();
    expect(await ask(host, "AT+CPMS=?")).toEqual(['+CPMS: ("SM"),("SM"),("SM")', "OK"]);
  });

  it("answers a set with the counts of all three memories", async () => {
    const host = await connect();
    expect(await ask(host, 'AT+CPMS="SM","SM","SM"')).toEqual(["+CPMS: 0,30,0,30,0,30", "OK"]);
  });

  it.each(['AT+CPMS="ME"', 'AT+CPMS="SR"', 'AT+CPMS="SM","SM","MT"'])(
    "refuses %s with +CMS ERROR: 302",
    async (command) => {
      const host = await connect();
      expect(await ask(host, command)).toEqual(["+CMS ERROR: 302"]);
    },
  );

  it("has no other memory to show on the console", () => {
    modem = new SimulatedModem();
    expect(runConsoleLine(modem, "storage")).toBe("SIM storage empty");
    expect(runConsoleLine(modem, "storage ME")).toBe("usage: storage [SM]");
  });
});

describe('receiveMemory "ME": incoming SMS in phone memory', () => {
  it('stores an SMS in ME and announces +CMTI: "ME",<i>', async () => {
    const host = await connect({ receiveMemory: "ME" });
    modem.deliverSms({ from: "+491701234567", text: "hello" });
    await host.waitFor('+CMTI: "ME",1\r\n');
    expect(modem.memories.storage("ME").used).toBe(1);
    expect(modem.sim.storage.used).toBe(0);
  });

  it("starts with all three parameters on ME", async () => {
    const host = await connect({ receiveMemory: "ME" });
    expect(await ask(host, "AT+CPMS?")).toEqual(['+CPMS: "ME",0,50,"ME",0,50,"ME",0,50', "OK"]);
  });

  it("lists SM and ME for reading and writing, only ME for receiving", async () => {
    const host = await connect({ receiveMemory: "ME" });
    expect(await ask(host, "AT+CPMS=?")).toEqual(['+CPMS: ("SM","ME"),("SM","ME"),("ME")', "OK"]);
  });

  it('refuses AT+CPMS="SM","SM","SM": its receive memory stays ME', async () => {
    const host = await connect({ receiveMemory: "ME" });
    expect(await ask(host, 'AT+CPMS="SM","SM","SM"')).toEqual(["+CMS ERROR: 302"]);
    expect(modem.settings.cpms).toEqual(["ME", "ME", "ME"]);
  });

  it('accepts AT+CPMS="SM" and answers the counts of the memories then in force', async () => {
    const host = await connect({ receiveMemory: "ME" });
    modem.deliverSms({ from: "+491701234567", text: "hello" });
    await host.waitFor("+CMTI");
    expect(await ask(host, 'AT+CPMS="SM"')).toEqual(["+CPMS: 0,30,1,50,1,50", "OK"]);
    expect(await ask(host, "AT+CPMS?")).toEqual(['+CPMS: "SM",0,30,"ME",1,50,"ME",1,50', "OK"]);
  });

  it("reads an ME index only while <mem1> is ME", async () => {
    const host = await connect({ receiveMemory: "ME" });
    await host.command('AT+CPMS="SM"');
    modem.deliverSms({ from: "+491701234567", text: "in ME" });
    await host.waitFor("+CMTI");
    expect(await ask(host, "AT+CMGR=1")).toEqual(["OK"]); // SM slot 1 is empty
    await host.command('AT+CPMS="ME"');
    const read = await ask(host, "AT+CMGR=1");
    expect(decodePdu(read[1]!)).toMatchObject({ from: "+491701234567", text: "in ME" });
  });

  it("lists and deletes in <mem1>", async () => {
    const host = await connect({ receiveMemory: "ME" });
    modem.deliverSms({ from: "+491701234567", text: "a" });
    modem.deliverSms({ from: "+491701234567", text: "b" });
    await host.waitFor('+CMTI: "ME",2');
    const listed = await ask(host, "AT+CMGL=4");
    expect(listed.filter((l) => l.startsWith("+CMGL:")).map((l) => l.split(",")[0])).toEqual([
      "+CMGL: 1",
      "+CMGL: 2",
    ]);
    await host.command("AT+CMGD=1");
    expect(
      modem.memories
        .storage("ME")
        .list(4)
        .map((m) => m.index),
    ).toEqual([2]);
  });

  it("keeps ME messages across a power cycle", async () => {
    const host = await connect({ receiveMemory: "ME" });
    modem.deliverSms({ from: "+491701234567", text: "kept" });
    await host.waitFor("+CMTI");
    modem.powerOff();
    modem.powerOn();
    await host.waitFor("SMS Ready");
    expect(modem.memories.storage("ME").used).toBe(1);
  });

  it("shows ME on the console with 'storage ME'", async () => {
    const host = await connect({ receiveMemory: "ME" });
    const [pdu] = modem.deliverSms({ from: "+491701234567", text: "hello" });
    await host.waitFor("+CMTI");
    expect(runConsoleLine(modem, "storage ME")).toBe(`1 stat 0 ${pdu}`);
    expect(runConsoleLine(modem, "storage")).toBe("SIM storage empty");
  });
});

describe('reportMemory "SR": status reports in their own memory', () => {
  it('stores a <ds>=2 report in SR and announces +CDSI: "SR",<i>', async () => {
    const host = await connect({ reportMemory: "SR" });
    const mr = await sendWithReport(host);
    modem.deliverReport(mr, { status: 0x00 });
    await host.waitFor('+CDSI: "SR",1\r\n');
    expect(modem.memories.storage("SR").used).toBe(1);
    expect(modem.sim.storage.used).toBe(0);
  });

  it('reads the report after AT+CPMS="SR"', async () => {
    const host = await connect({ reportMemory: "SR" });
    const mr = await sendWithReport(host);
    modem.deliverReport(mr, { status: 0x46 });
    await host.waitFor("+CDSI");
    expect(await ask(host, 'AT+CPMS="SR"')).toEqual(["+CPMS: 1,10,0,30,0,30", "OK"]);
    const read = await ask(host, "AT+CMGR=1");
    expect(decodePdu(read[1]!)).toMatchObject({
      type: "status-report",
      reference: mr,
      status: 0x46,
    });
  });

  it("offers SR for reading only", async () => {
    const host = await connect({ reportMemory: "SR" });
    expect(await ask(host, "AT+CPMS=?")).toEqual(['+CPMS: ("SM","SR"),("SM"),("SM")', "OK"]);
    expect(await ask(host, 'AT+CPMS="SM","SR"')).toEqual(["+CMS ERROR: 302"]);
  });

  it("reports SR as <mem1> in AT+CPMS? once selected", async () => {
    const host = await connect({ reportMemory: "SR" });
    await host.command('AT+CPMS="SR"');
    expect(await ask(host, "AT+CPMS?")).toEqual(['+CPMS: "SR",0,10,"SM",0,30,"SM",0,30', "OK"]);
  });

  it("leaves incoming SMS on the SIM", async () => {
    const host = await connect({ reportMemory: "SR" });
    modem.deliverSms({ from: "+491701234567", text: "hello" });
    await host.waitFor('+CMTI: "SM",1\r\n');
    expect(modem.sim.storage.used).toBe(1);
  });
});
