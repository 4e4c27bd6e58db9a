import { afterEach, describe, expect, it } from "vitest";
import { AtChannel, type AtError, type Urc } from "../../../src/modem/at/index.js";
import {
  parseCmgr,
  parseCmgs,
  parseCpms,
  parseCsq,
  parseRegistration,
} from "../../../src/modem/at/parsers/index.js";
import { SimulatedModem } from "../../../src/simulator/index.js";
import { decodePdu, encodeSubmit } from "../../../src/sms/pdu/index.js";

let sim: SimulatedModem;
let at: AtChannel;
afterEach(async () => {
  await at.stop();
  await sim.close();
});

async function start(opts: ConstructorParameters<typeof SimulatedModem>[0] = {}) {
  sim = new SimulatedModem({ timing: "instant", ...opts });
  at = new AtChannel({ open: sim.transport, reconnect: false, staleMs: 50 });
  await at.start();
}

describe("the AT channel against the in-process simulator", () => {
  for (const profile of ["SIM800", "SIM7600", "EC25"] as const) {
    it(`${profile}: syncs with echo on, then answers without echo after ATE0`, async () => {
      await start({ profile });
      expect((await at.run({ command: "AT" })).final).toBe("OK");
      await at.run({ command: "ATE0" });
      expect((await at.run({ command: "AT+CMEE=1" })).final).toBe("OK");
    });
  }

  it("reads signal, registration and storage through the parsers", async () => {
    await start({ profile: "SIM7600" });
    sim.setSignal(20);
    const csq = parseCsq((await at.run({ command: "AT+CSQ" })).lines);
    const creg = parseRegistration((await at.run({ command: "AT+CREG?" })).lines[0]!, {
      solicited: true,
    });
    const cpms = parseCpms((await at.run({ command: "AT+CPMS?" })).lines);
    expect([csq.dbm, creg.canSms, cpms.length]).toEqual([-73, true, 3]);
  });

  it("sends an SMS through the prompt and the network receives it", async () => {
    await start({ profile: "SIM800" });
    await at.run({ command: "ATE0" });
    await at.run({ command: "AT+CMGF=0" });
    const part = encodeSubmit({ to: "+4917012345678", text: "hello from smsgw" }).parts[0]!;
    const r = await at.run({
      command: `AT+CMGS=${part.tpduLength}`,
      expect: "+CMGS:",
      prompt: { data: part.pdu },
    });
    expect(parseCmgs(r.lines).reference).toBeGreaterThanOrEqual(0);
    expect(sim.sent.map((s) => [s.to, s.text])).toEqual([["+4917012345678", "hello from smsgw"]]);
  });

  it("sends with echo still on (the PDU echo is dropped)", async () => {
    await start({ profile: "EC25" });
    await at.run({ command: "AT+CMGF=0" });
    const part = encodeSubmit({ to: "+4917012345678", text: "echo on" }).parts[0]!;
    const r = await at.run({ command: `AT+CMGS=${part.tpduLength}`, prompt: { data: part.pdu } });
    expect(r.lines.length).toBe(1);
    expect(r.lines[0]).toMatch(/^\+CMGS: \d+/);
  });

  it("fails the send with the CMS code the network gives", async () => {
    await start();
    await at.run({ command: "AT+CMGF=0" });
    sim.failNextSend(500);
    const part = encodeSubmit({ to: "+4917012345678", text: "x" }).parts[0]!;
    const err = (await at
      .run({ command: `AT+CMGS=${part.tpduLength}`, prompt: { data: part.pdu } })
      .catch((e: unknown) => e)) as AtError;
    expect([err.code, err.cmsCode]).toEqual(["at.cms", 500]);
  });

  it("announces an inbound SMS with +CMTI and reads it back with AT+CMGR", async () => {
    await start();
    await at.run({ command: "ATE0" });
    await at.run({ command: "AT+CMGF=0" });
    await at.run({ command: "AT+CNMI=2,1,0,0,0" });
    const cmti = at.waitForUrc((u) => u.name === "+CMTI", 2000);
    sim.deliverSms({ from: "+4915112345678", text: "ping" });
    const index = Number((await cmti).params.split(",")[1]);
    const stored = parseCmgr((await at.run({ command: `AT+CMGR=${index}` })).lines);
    expect(decodePdu(stored.pdu)).toMatchObject({ from: "+4915112345678", text: "ping" });
  });

  it("delivers a +CREG URC when registration changes", async () => {
    await start();
    await at.run({ command: "AT+CREG=1" });
    const urc = at.waitForUrc((u: Urc) => u.name === "+CREG", 2000);
    sim.dropRegistration(2);
    expect(parseRegistration((await urc).line).status).toBe("searching");
  });

  it("survives garbage on the line", async () => {
    await start();
    sim.emitGarbage();
    expect((await at.run({ command: "AT" })).final).toBe("OK");
  });

  it("times out on a hung modem and works again once it answers", async () => {
    await start();
    sim.hang(true);
    const err = (await at
      .run({ command: "AT", timeoutMs: 50 })
      .catch((e: unknown) => e)) as AtError;
    sim.hang(false);
    expect(err.code).toBe("at.timeout");
    expect((await at.run({ command: "AT" })).final).toBe("OK");
  });
});
