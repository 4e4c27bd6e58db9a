import { afterEach, describe, expect, it } from "vitest";
import type { AtChannel, Urc } from "../../../src/modem/at/index.js";
import { openChannel } from "./support/open-channel.js";
import { frame } from "./support/scripted-modem.js";

const PDU = "0011000B916407281553F80000AA0AE8329BFD4697D9EC37";
const DELIVER = "07917283010010F5040BC87238880900F10000993092516195800AE8329BFD4697D9EC37";

let at: AtChannel;
afterEach(async () => {
  await at.stop();
});

function collect(ch: AtChannel): Urc[] {
  const urcs: Urc[] = [];
  ch.on("urc", (u: Urc) => urcs.push(u));
  return urcs;
}

describe("URCs interleaved with a transaction", () => {
  it("delivers ZTE URCs that arrive before the prompt and before +CMGS without touching the result", async () => {
    ({ at } = await openChannel({
      onCommand: (_c, m) => {
        m.send(frame('+ZDONR: "METEOR",272,3,"CS_ONLY","ROAM_OFF"', '+ZPASR: "UMTS"'));
        m.prompt();
      },
      onData: () =>
        frame('+ZDONR: "METEOR",272,3,"CS_PS","ROAM_OFF"', '+ZPASR: "UMTS"', "+CMGS: 5", "OK"),
    }));
    const urcs = collect(at);
    const r = await at.run({ command: "AT+CMGS=23", expect: "+CMGS:", prompt: { data: PDU } });
    expect(r.lines).toEqual(["+CMGS: 5"]);
    expect(urcs.map((u) => u.name)).toEqual(["+ZDONR", "+ZPASR", "+ZDONR", "+ZPASR"]);
  });

  it("takes a +CMTI out of the middle of a +CMGL listing", async () => {
    ({ at } = await openChannel({
      onCommand: () =>
        frame("+CMGL: 0,1,,29", DELIVER, '+CMTI: "SM",4', "+CMGL: 1,1,,29", DELIVER, "OK"),
    }));
    const urcs = collect(at);
    const r = await at.run({ command: "AT+CMGL=4" });
    expect(r.lines).toEqual(["+CMGL: 0,1,,29", DELIVER, "+CMGL: 1,1,,29", DELIVER]);
    expect(urcs).toEqual([{ name: "+CMTI", line: '+CMTI: "SM",4', params: '"SM",4', known: true }]);
  });

  it("reads the PDU line of a +CMT that arrives inside a response", async () => {
    ({ at } = await openChannel({
      onCommand: () => frame("+CSQ: 20,99", '+CMT: "",29', DELIVER, "OK"),
    }));
    const urcs = collect(at);
    const r = await at.run({ command: "AT+CSQ" });
    expect(r.lines).toEqual(["+CSQ: 20,99"]);
    expect(urcs[0]).toMatchObject({ name: "+CMT", params: '"",29', pdu: DELIVER });
  });

  it("reads the PDU line of a +CDS status report while idle", async () => {
    const ch = await openChannel({ onCommand: () => frame("OK") });
    at = ch.at;
    const got = at.waitForUrc((u) => u.name === "+CDS", 1000);
    ch.modem.send(
      frame("+CDS: 24", "07917248014000F506B70AA18092020000317071518590803170715185418000"),
    );
    expect((await got).pdu).toBe(
      "07917248014000F506B70AA18092020000317071518590803170715185418000",
    );
  });

  it("treats +CREG as the answer while AT+CREG? is outstanding", async () => {
    ({ at } = await openChannel({ onCommand: () => frame("+CREG: 1,5", "OK") }));
    const urcs = collect(at);
    expect((await at.run({ command: "AT+CREG?" })).lines).toEqual(["+CREG: 1,5"]);
    expect(urcs).toEqual([]);
  });

  it("treats +CREG as a URC when it arrives inside another command", async () => {
    ({ at } = await openChannel({
      onCommand: () => frame("+CSQ: 20,99", "+CREG: 1,84CD,00D30156", "OK"),
    }));
    const urcs = collect(at);
    expect((await at.run({ command: "AT+CSQ" })).lines).toEqual(["+CSQ: 20,99"]);
    expect(urcs.map((u) => u.line)).toEqual(["+CREG: 1,84CD,00D30156"]);
  });

  it("treats +CREG after AT+CREG=2 as a URC (a set, not a query)", async () => {
    ({ at } = await openChannel({ onCommand: () => frame("+CREG: 1", "OK") }));
    const urcs = collect(at);
    expect((await at.run({ command: "AT+CREG=2" })).lines).toEqual([]);
    expect(urcs.map((u) => u.name)).toEqual(["+CREG"]);
  });

  it("treats +CPIN: READY after entering the PIN as a URC", async () => {
    ({ at } = await openChannel({ onCommand: () => frame("OK", "+CPIN: READY") }));
    const ready = at.waitForUrc((u) => u.line === "+CPIN: READY", 1000);
    await at.run({ command: 'AT+CPIN="1234"' });
    expect((await ready).params).toBe("READY");
  });

  it("delivers boot URCs while idle", async () => {
    const ch = await openChannel({ onCommand: () => frame("OK") });
    at = ch.at;
    const urcs = collect(at);
    const last = at.waitForUrc((u) => u.name === "SMS Ready", 1000);
    ch.modem.send(frame("RDY", "+CFUN: 1", "+CPIN: READY", "Call Ready", "SMS Ready"));
    await last;
    expect(urcs.map((u) => [u.name, u.known])).toEqual([
      ["RDY", true],
      ["+CFUN", true],
      ["+CPIN", true],
      ["Call Ready", true],
      ["SMS Ready", true],
    ]);
  });

  it("delivers RING inside a command without ending it", async () => {
    ({ at } = await openChannel({
      onCommand: () => frame("RING", '+CLIP: "+27820001234",145,,,,0', "huawei", "OK"),
    }));
    const urcs = collect(at);
    expect((await at.run({ command: "AT+CGMI" })).lines).toEqual(["huawei"]);
    expect(urcs.map((u) => u.name)).toEqual(["RING", "+CLIP"]);
  });

  it("keeps delivering URCs when a listener throws", async () => {
    const ch = await openChannel({ onCommand: () => frame("OK") });
    at = ch.at;
    at.on("urc", () => {
      throw new Error("listener bug");
    });
    const second = at.waitForUrc((u) => u.name === "+CMTI", 1000);
    ch.modem.send(frame("RING", '+CMTI: "SM",1'));
    expect((await second).params).toBe('"SM",1');
  });
});
