import { afterEach, describe, expect, it, vi } from "vitest";
import { type SentSms, SimulatedModem } from "../../src/simulator/index.js";
import { decodePdu, encodeSubmit } from "../../src/sms/pdu/index.js";
import { WireClient } from "./wire-client.js";

let modem: SimulatedModem;
afterEach(async () => {
  await modem.close();
  vi.useRealTimers();
});

async function connect(
  opts: ConstructorParameters<typeof SimulatedModem>[0] = {},
  echo = false,
): Promise<WireClient> {
  modem = new SimulatedModem(opts);
  const host = new WireClient(modem.openPort());
  if (!echo) await host.command("ATE0");
  return host;
}

/** AT+CMGS=<len>, wait for the prompt, PDU + Ctrl-Z; resolves with the raw answer. */
async function send(host: WireClient, pdu: string, tpduLength: number): Promise<string> {
  host.take();
  host.write(`AT+CMGS=${tpduLength}\r`);
  await host.waitFor("> ");
  host.take();
  host.write(`${pdu}\x1a`);
  await host.waitFor(/(OK|ERROR[^\r]*)\r\n$/);
  return host.take();
}

describe("AT+CMGS in PDU mode", () => {
  it("prompts with CR LF '> ' and no line ending after it", async () => {
    const host = await connect();
    host.write("AT+CMGS=20\r");
    await host.waitFor("> ");
    expect(host.received).toBe("\r\n> ");
  });

  it("answers +CMGS: <mr> and OK, and records the decoded message", async () => {
    const host = await connect();
    const { parts } = encodeSubmit({ to: "+491701234567", text: "Hello 👋" });
    const part = parts[0]!;
    expect(await send(host, part.pdu, part.tpduLength)).toBe("\r\n+CMGS: 1\r\n\r\nOK\r\n");
    expect(modem.sent).toHaveLength(1);
    expect(modem.sent[0]).toMatchObject({ to: "+491701234567", text: "Hello 👋", reference: 1 });
    expect(modem.sent[0]!.decoded.type).toBe("submit");
  });

  it("emits 'sent' for each part of a multipart message, in order", async () => {
    const host = await connect();
    const got: SentSms[] = [];
    modem.on("sent", (s: SentSms) => got.push(s));
    const { parts } = encodeSubmit({ to: "+491701234567", text: "x".repeat(200), concatRef: 7 });
    for (const p of parts) await send(host, p.pdu, p.tpduLength);
    expect(got.map((s) => s.decoded.concat)).toEqual([
      { ref: 7, part: 1, total: 2, refBits: 8 },
      { ref: 7, part: 2, total: 2, refBits: 8 },
    ]);
  });

  it("echoes the PDU and the Ctrl-Z when echo is on", async () => {
    const host = await connect({}, true);
    const part = encodeSubmit({ to: "+491701234567", text: "hi" }).parts[0]!;
    host.write(`AT+CMGS=${part.tpduLength}\r`);
    await host.waitFor("> ");
    expect(host.take()).toBe(`AT+CMGS=${part.tpduLength}\r\r\n> `);
    host.write(`${part.pdu}\x1a`);
    await host.waitFor("OK\r\n");
    expect(host.take()).toBe(`${part.pdu}\x1a\r\n+CMGS: 1\r\n\r\nOK\r\n`);
  });

  it("message references increase and wrap from 255 to 0", async () => {
    const host = await connect({ firstMessageReference: 254 });
    const part = encodeSubmit({ to: "+491701234567", text: "hi" }).parts[0]!;
    const answers: string[] = [];
    for (let i = 0; i < 3; i++) answers.push(await send(host, part.pdu, part.tpduLength));
    expect(answers.map((a) => /\+CMGS: (\d+)/.exec(a)?.[1])).toEqual(["254", "255", "0"]);
  });

  it("a length that does not match the TPDU gets +CMS ERROR: 304 and nothing is sent", async () => {
    const host = await connect();
    const part = encodeSubmit({ to: "+491701234567", text: "hi" }).parts[0]!;
    expect(await send(host, part.pdu, part.tpduLength + 1)).toBe("\r\n+CMS ERROR: 304\r\n");
    expect(modem.sent).toHaveLength(0);
  });

  it("a PDU that is not hex gets +CMS ERROR: 304", async () => {
    const host = await connect();
    expect(await send(host, "00ZZ", 10)).toBe("\r\n+CMS ERROR: 304\r\n");
  });

  it("ESC instead of Ctrl-Z aborts with OK and sends nothing", async () => {
    const host = await connect();
    host.write("AT+CMGS=20\r");
    await host.waitFor("> ");
    host.take();
    host.write("0011\x1b");
    await host.waitFor("OK\r\n");
    expect(host.take()).toBe("\r\nOK\r\n");
    expect(modem.sent).toHaveLength(0);
  });

  it("failNextSend makes the next send fail with that CMS code, once", async () => {
    const host = await connect();
    modem.failNextSend(500);
    const part = encodeSubmit({ to: "+491701234567", text: "hi" }).parts[0]!;
    expect(await send(host, part.pdu, part.tpduLength)).toBe("\r\n+CMS ERROR: 500\r\n");
    expect(await send(host, part.pdu, part.tpduLength)).toBe("\r\n+CMGS: 1\r\n\r\nOK\r\n");
  });

  it("failSendsTo makes every send to that number fail, and others go", async () => {
    const host = await connect();
    modem.failSendsTo("+491700000038", 38);
    const bad = encodeSubmit({ to: "+491700000038", text: "hi" }).parts[0]!;
    const good = encodeSubmit({ to: "+491701234567", text: "hi" }).parts[0]!;
    expect(await send(host, bad.pdu, bad.tpduLength)).toBe("\r\n+CMS ERROR: 38\r\n");
    expect(await send(host, good.pdu, good.tpduLength)).toBe("\r\n+CMGS: 1\r\n\r\nOK\r\n");
    expect(await send(host, bad.pdu, bad.tpduLength)).toBe("\r\n+CMS ERROR: 38\r\n");
    expect(modem.sent.map((s) => s.to)).toEqual(["+491701234567"]);
  });

  it('failSendsTo("*") fails every number until cleared with null', async () => {
    const host = await connect();
    modem.failSendsTo("*", 38);
    const part = encodeSubmit({ to: "+491701234567", text: "hi" }).parts[0]!;
    expect(await send(host, part.pdu, part.tpduLength)).toBe("\r\n+CMS ERROR: 38\r\n");
    modem.failSendsTo("*", null);
    expect(await send(host, part.pdu, part.tpduLength)).toBe("\r\n+CMGS: 1\r\n\r\nOK\r\n");
  });

  it("without registration the send fails with +CMS ERROR: 331", async () => {
    const host = await connect();
    modem.dropRegistration();
    const part = encodeSubmit({ to: "+491701234567", text: "hi" }).parts[0]!;
    expect(await send(host, part.pdu, part.tpduLength)).toBe("\r\n+CMS ERROR: 331\r\n");
  });

  it("with no SMSC on the SIM, an empty SMSC field fails with +CMS ERROR: 330", async () => {
    const host = await connect({ smsc: "" });
    const part = encodeSubmit({ to: "+491701234567", text: "hi" }).parts[0]!;
    expect(await send(host, part.pdu, part.tpduLength)).toBe("\r\n+CMS ERROR: 330\r\n");
  });

  it("realistic timing: +CMGS comes 1.5–4 s after Ctrl-Z", async () => {
    vi.useFakeTimers();
    const host = await connectFake();
    const part = encodeSubmit({ to: "+491701234567", text: "hi" }).parts[0]!;
    host.write(`AT+CMGS=${part.tpduLength}\r`);
    await vi.advanceTimersByTimeAsync(100);
    expect(host.take()).toBe("\r\n> ");
    host.write(`${part.pdu}\x1a`);
    await vi.advanceTimersByTimeAsync(1499);
    expect(host.received).toBe("");
    await vi.advanceTimersByTimeAsync(2501);
    expect(host.take()).toBe("\r\n+CMGS: 1\r\n\r\nOK\r\n");
  });
});

async function connectFake(): Promise<WireClient> {
  modem = new SimulatedModem({ timing: "realistic" });
  const host = new WireClient(modem.openPort());
  host.write("ATE0\r");
  await vi.advanceTimersByTimeAsync(100);
  host.take();
  return host;
}

describe("delivery reports", () => {
  async function sendWithReport(host: WireClient): Promise<number> {
    const part = encodeSubmit({ to: "+491701234567", text: "hi", statusReport: true }).parts[0]!;
    const answer = await send(host, part.pdu, part.tpduLength);
    return Number(/\+CMGS: (\d+)/.exec(answer)![1]);
  }

  it("with AT+CNMI <ds>=1 arrive as +CDS: <len> and the report PDU", async () => {
    const host = await connect();
    await host.command("AT+CNMI=2,1,0,1,0");
    const mr = await sendWithReport(host);
    expect(modem.deliverReport(mr)).toBe(true);
    await host.waitFor(/\+CDS: \d+\r\n[0-9A-F]+\r\n$/);
    const [header, pdu] = host.lines();
    const report = decodePdu(pdu!);
    expect(header).toBe(`+CDS: ${pdu!.length / 2 - 1 - Number.parseInt(pdu!.slice(0, 2), 16)}`);
    expect(report).toMatchObject({
      type: "status-report",
      reference: mr,
      recipient: "+491701234567",
      status: 0,
    });
  });

  it("with <ds>=2 are stored and announced as +CDSI", async () => {
    const host = await connect();
    await host.command("AT+CNMI=2,1,0,2,0");
    const mr = await sendWithReport(host);
    modem.deliverReport(mr, { status: 0x46 });
    await host.waitFor('+CDSI: "SM",1\r\n');
    const read = await host.command("AT+CMGR=1");
    const pdu = read.split("\r\n").filter((l) => l !== "")[1]!;
    expect(decodePdu(pdu)).toMatchObject({ type: "status-report", reference: mr, status: 0x46 });
  });

  it("autoDeliveryReport sends one for every part that asked", async () => {
    const host = await connect({ autoDeliveryReport: true });
    await host.command("AT+CNMI=2,1,0,1,0");
    const part = encodeSubmit({ to: "+491701234567", text: "hi", statusReport: true }).parts[0]!;
    host.write(`AT+CMGS=${part.tpduLength}\r`);
    await host.waitFor("> ");
    host.write(`${part.pdu}\x1a`);
    await host.waitFor(/\+CDS: \d+\r\n[0-9A-F]+\r\n$/);
    expect(host.lines().slice(1, 3)).toEqual(["+CMGS: 1", "OK"]);
  });
});

describe("prompt form", () => {
  it("can be set to '>' then CR LF, as some firmware sends it", async () => {
    const host = await connect({ prompt: "\r\n>\r\n" });
    host.write("AT+CMGS=20\r");
    await host.waitFor(">\r\n");
    expect(host.received).toBe("\r\n>\r\n");
  });
});

describe("AT+CMGS in text mode", () => {
  it('AT+CMGS="<number>", text, Ctrl-Z: the network receives that text', async () => {
    const host = await connect();
    await host.command("AT+CMGF=1");
    host.write('AT+CMGS="+491701234567"\r');
    await host.waitFor("> ");
    host.take();
    host.write("Hello text mode\x1a");
    await host.waitFor("OK\r\n");
    expect(host.take()).toBe("\r\n+CMGS: 1\r\n\r\nOK\r\n");
    expect(modem.sent[0]).toMatchObject({ to: "+491701234567", text: "Hello text mode" });
  });
});
