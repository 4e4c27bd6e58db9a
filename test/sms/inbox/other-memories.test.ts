import { afterEach, describe, expect, it } from "vitest";
import { SimulatedModem } from "../../../src/simulator/index.js";
import { encodeDeliver } from "../../../src/sms/pdu/index.js";
import { type Gateway, startGateway, statuses, storeText, until } from "../helpers/gateway.js";

/**
 * A module whose receive memory stays "ME" refuses `AT+CPMS="SM","SM","SM"`: the modem set-up
 * then sets only `AT+CPMS="SM"` (<mem1>), and new SMS keep arriving in ME.
 */
const ME_RECEIVER = { profile: "SIM800", timing: "instant", receiveMemory: "ME" } as const;

/**
 * A module that stores status reports (Quectel's "SR" memory) and refuses to route them as
 * `+CDS` (<ds>=1): the modem set-up falls back to <ds>=2, and reports come as `+CDSI: "SR",<i>`.
 */
function storedReportsModem(): SimulatedModem {
  const sim = new SimulatedModem({ profile: "SIM800", timing: "instant", reportMemory: "SR" });
  sim.respond(/^AT\+CNMI=\d,\d,\d,1,/, { final: "ERROR" }, Number.POSITIVE_INFINITY);
  return sim;
}

const FROM = "+491709876543";
const TO = "+491701111111";

let gw: Gateway;
afterEach(async () => {
  await gw.dispose();
});

/** Memory switches, reads and deletes the gateway sent, in order (the set-up's CPMS first). */
function storageCommands(): string[] {
  return gw.sim.commands.filter((c) => /^AT\+(CPMS=|CMGR=|CMGD=|CMGL=)/.test(c));
}

/** The gateway on a module storing SMS in ME, once its start sweep is over. */
async function startWithMe(): Promise<Gateway> {
  gw = await startGateway({ sim: new SimulatedModem(ME_RECEIVER) });
  await gw.service.sweepInbox();
  return gw;
}

/** A message on the SIM at index 1 that no URC announced, once the start sweep is over. */
async function unannouncedOnSim(text: string): Promise<void> {
  await gw.service.sweepInbox();
  const [pdu] = encodeDeliver({ from: FROM, text });
  expect(gw.sim.sim.storage.store(pdu!, 0)).toBe(1);
}

describe('an SMS announced in another memory (+CMTI: "ME",<i>)', () => {
  it("is delivered once, with its text", async () => {
    gw = await startWithMe();
    gw.sim.deliverSms({ from: FROM, text: "stored in phone memory" });
    await until(() => gw.inbound.length === 1 && gw.sim.memories.storage("ME").used === 0);
    expect(gw.inbound.map((m) => [m.from, m.text])).toEqual([[FROM, "stored in phone memory"]]);
  });

  it("is deleted from ME, and nothing is left on the SIM", async () => {
    gw = await startWithMe();
    gw.sim.deliverSms({ from: FROM, text: "delete me" });
    await until(
      () => gw.sim.commands.includes("AT+CMGD=1") && gw.sim.memories.storage("ME").used === 0,
    );
    expect(gw.sim.memories.storage("ME").list(4)).toEqual([]);
    expect(gw.sim.sim.storage.used).toBe(0);
  });

  it("leaves AT+CPMS <mem1> back on SM afterwards", async () => {
    gw = await startWithMe();
    const before = storageCommands().length;
    gw.sim.deliverSms({ from: FROM, text: "and back" });
    await until(() => storageCommands().length === before + 6);
    // Queued behind the inbox's switch back, so it sees the memories in force after it.
    const cpms = await gw.channel.run({ command: "AT+CPMS?" });
    expect(cpms.lines).toEqual(['+CPMS: "SM",0,30,"ME",0,50,"ME",0,50']);
  });

  it("is read and deleted each within a switch to ME and back", async () => {
    gw = await startWithMe();
    const before = storageCommands().length;
    gw.sim.deliverSms({ from: FROM, text: "switching" });
    await until(() => storageCommands().length === before + 6);
    expect(storageCommands().slice(before)).toEqual([
      'AT+CPMS="ME"',
      "AT+CMGR=1",
      'AT+CPMS="SM"',
      'AT+CPMS="ME"',
      "AT+CMGD=1",
      'AT+CPMS="SM"',
    ]);
  });

  it("is in the store file before it is deleted from ME", async () => {
    gw = await startWithMe();
    const onDisk: boolean[] = [];
    gw.sim.on("command", (line: string) => {
      if (line.startsWith("AT+CMGD")) onDisk.push(storeText(gw.dir).includes("durable first"));
    });
    gw.sim.deliverSms({ from: FROM, text: "durable first" });
    await until(() => gw.sim.memories.storage("ME").used === 0 && onDisk.length === 1);
    expect(onDisk).toEqual([true]);
  });
});

describe('a status report announced in SR (+CDSI: "SR",<i>)', () => {
  async function sentAndReported(status: number): Promise<void> {
    gw = await startGateway({ sim: storedReportsModem(), options: { deliveryReports: true } });
    await gw.service.send({ to: TO, text: "report to SR", id: "m1" });
    await until(() => statuses(gw.events, "m1").includes("sent"));
    expect(gw.sim.deliverReport(gw.sim.sent[0]!, { status })).toBe(true);
  }

  it("is applied to the sent message it reports on", async () => {
    await sentAndReported(0x00);
    await until(() => statuses(gw.events, "m1").includes("delivered"));
    expect(gw.service.get("m1")?.status).toBe("delivered");
  });

  it("applies a failure report as a failure", async () => {
    await sentAndReported(0x41);
    await until(() => statuses(gw.events, "m1").includes("failed"));
    expect(gw.service.get("m1")?.error?.code).toBe("sms.delivery-failed");
  });

  it("is deleted from SR", async () => {
    await sentAndReported(0x00);
    await until(
      () => gw.sim.commands.includes("AT+CMGD=1") && gw.sim.memories.storage("SR").used === 0,
    );
    expect(gw.sim.memories.storage("SR").list(4)).toEqual([]);
  });
});

describe("the sweep lists the other memories seen", () => {
  async function deleteFailedOnce(): Promise<void> {
    gw = await startWithMe();
    gw.sim.respond("AT+CMGD", { final: "+CMS ERROR: 500" });
    gw.sim.deliverSms({ from: FROM, text: "sticky" });
    await until(
      () =>
        gw.inbound.length === 1 &&
        storageCommands().slice(-2).join(" ") === 'AT+CMGD=1 AT+CPMS="SM"',
    );
    expect(gw.sim.memories.storage("ME").used).toBe(1);
  }

  it("and deletes a message whose delete failed", async () => {
    await deleteFailedOnce();
    await gw.service.sweepInbox();
    expect(gw.sim.memories.storage("ME").used).toBe(0);
  });

  it("and delivers that message only once", async () => {
    await deleteFailedOnce();
    await gw.service.sweepInbox();
    expect(gw.service.pendingInbound().map((m) => m.text)).toEqual(["sticky"]);
    expect(gw.service.stats().received).toBe(1);
  });

  it("listing ME within a switch there and back", async () => {
    await deleteFailedOnce();
    const before = storageCommands().length;
    await gw.service.sweepInbox();
    expect(storageCommands().slice(before)).toEqual([
      "AT+CMGL=4", // SM
      'AT+CPMS="ME"',
      "AT+CMGL=4",
      'AT+CPMS="SM"',
      'AT+CPMS="ME"',
      "AT+CMGD=1",
      'AT+CPMS="SM"',
    ]);
  });
});

describe("a memory the modem refuses to switch to", () => {
  it("reads nothing from SM by mistake", async () => {
    gw = await startGateway();
    await unannouncedOnSim("not announced");
    gw.sim.emitUrc('+CMTI: "MT",1'); // the simulated SIM800 has no MT memory: CMS 302
    gw.sim.deliverSms({ from: FROM, text: "announced" }); // SM index 2, read after the MT job
    await until(() => gw.inbound.length === 1 && gw.sim.sim.storage.used === 1);
    expect(gw.inbound.map((m) => m.text)).toEqual(["announced"]);
    expect(gw.sim.commands).toContain('AT+CPMS="MT"');
    expect(gw.sim.commands).not.toContain("AT+CMGR=1");
    expect(gw.sim.sim.storage.get(1)).toBeDefined();
  });
});

describe("after switching back to SM failed", () => {
  it("the next use of SM switches back first", async () => {
    gw = await startWithMe();
    let switchesHome = 0;
    // The second switch home (after the delete) fails: <mem1> stays on ME.
    gw.sim.respond((l) => l === 'AT+CPMS="SM"' && ++switchesHome === 2, {
      final: "+CMS ERROR: 500",
    });
    gw.sim.deliverSms({ from: FROM, text: "stuck on ME" });
    await until(() => gw.sim.memories.storage("ME").used === 0 && switchesHome === 2);
    expect(gw.sim.settings.cpms[0]).toBe("ME");
    const before = storageCommands().length;
    await gw.service.sweepInbox();
    expect(storageCommands().slice(before, before + 2)).toEqual(['AT+CPMS="SM"', "AT+CMGL=4"]);
    expect(gw.sim.settings.cpms[0]).toBe("SM");
  });
});

describe("URCs for the home memory keep the plain read", () => {
  it.each([
    ['+CMTI: "sm",1', "names it in lower case"],
    ["+CMTI: 1", "names no memory"],
  ])("%s (%s) is read from SM without a switch", async (urc) => {
    gw = await startGateway();
    await unannouncedOnSim("plain");
    const before = storageCommands().length;
    gw.sim.emitUrc(urc);
    await until(() => gw.inbound.length === 1 && gw.sim.sim.storage.used === 0);
    expect(storageCommands().slice(before)).toEqual(["AT+CMGR=1", "AT+CMGD=1"]);
  });
});

describe("SMS that reached ME while the gateway was down", () => {
  it("are found by the first sweep, before any URC names ME", async () => {
    const sim = new SimulatedModem(ME_RECEIVER);
    const [pdu] = encodeDeliver({ from: FROM, text: "arrived while down" });
    sim.memories.storage("ME").store(pdu!, 0);
    gw = await startGateway({ sim });
    await gw.service.sweepInbox();
    await until(() => gw.inbound.length === 1 && sim.memories.storage("ME").used === 0);
    expect(gw.inbound.map((m) => m.text)).toEqual(["arrived while down"]);
  });
});
