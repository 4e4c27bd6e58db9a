import { afterEach, describe, expect, it, vi } from "vitest";
import { AtChannel } from "../../../src/modem/at/index.js";
import { SimulatedModem, type SimulatedModemOptions } from "../../../src/simulator/index.js";
import { type UssdEvent, UssdService } from "../../../src/sms/ussd/index.js";

let sim: SimulatedModem;
let at: AtChannel;
let ussd: UssdService;
const events: UssdEvent[] = [];
const modem = { state: "ready" };

afterEach(async () => {
  ussd.stop();
  await at.stop();
  await sim.close();
  events.length = 0;
  modem.state = "ready";
  vi.useRealTimers();
});

async function start(
  opts: SimulatedModemOptions = {},
  service: Partial<ConstructorParameters<typeof UssdService>[0]> = {},
) {
  sim = new SimulatedModem({ timing: "instant", ...opts });
  at = new AtChannel({ open: sim.transport, reconnect: false, staleMs: 50 });
  await at.start();
  await at.run({ command: "ATE0" });
  await at.run({ command: "AT+CMEE=1" });
  ussd = new UssdService({ at, modem, ...service });
  ussd.on("result", (e) => events.push(e));
  ussd.start();
}

const refusal = (p: Promise<unknown>) =>
  p.then(
    () => undefined,
    (e: unknown) => (e as { code: string }).code,
  );

describe("a USSD request", () => {
  it("sends AT+CUSD=1 with the code and dcs 15", async () => {
    await start();
    await ussd.request({ session: "new", code: "*100#" });
    expect(sim.commands).toContain('AT+CUSD=1,"*100#",15');
  });

  it("answers with the network's text and `done` when no menu follows (m = 0)", async () => {
    await start();
    expect(await ussd.request({ session: "new", code: "*100#" })).toEqual({
      status: "done",
      text: "Balance: 12.34 EUR",
      dcs: 15,
      sessionOpen: false,
    });
  });

  it("decodes a UCS-2 answer (dcs 72)", async () => {
    await start({ ussdStyle: "ucs2", ussd: { "*100#": "Баланс: 150 руб" } });
    const r = await ussd.request({ session: "new", code: "*100#" });
    expect([r.text, r.dcs]).toEqual(["Баланс: 150 руб", 72]);
  });

  it("sends the code packed and unpacks the answer on a module that packs (Huawei)", async () => {
    await start({ ussdStyle: "packed" }, { encoding: "packed" });
    const r = await ussd.request({ session: "new", code: "*100#" });
    expect([sim.commands.at(-1), r.text]).toEqual([
      'AT+CUSD=1,"AA180C3602",15',
      "Balance: 12.34 EUR",
    ]);
  });

  it("is `not-supported` when the network refuses the code (m = 4)", async () => {
    await start();
    const r = await ussd.request({ session: "new", code: "*999#" });
    expect(r).toEqual({ status: "not-supported", text: "", sessionOpen: false });
  });

  it("is `error` with the modem's refusal when it is not registered (+CME ERROR: 30)", async () => {
    await start();
    sim.setRegistration(0);
    const r = await ussd.request({ session: "new", code: "*100#" });
    expect([r.status, r.text]).toEqual(["error", expect.stringContaining("30")]);
  });

  it("is refused with ussd.not-ready while the modem is not ready", async () => {
    await start();
    modem.state = "registering";
    expect(await refusal(ussd.request({ session: "new", code: "*100#" }))).toBe("ussd.not-ready");
  });

  it.each(["", '*100#"', "*100#中", "1".repeat(183)])(
    "refuses %j with ussd.invalid-code",
    async (code) => {
      await start();
      expect(await refusal(ussd.request({ session: "new", code }))).toBe("ussd.invalid-code");
    },
  );

  it("is announced as a result event with the code that was sent", async () => {
    await start();
    await ussd.request({ session: "new", code: "*100#" });
    expect(events).toEqual([
      expect.objectContaining({ status: "done", request: "*100#", text: "Balance: 12.34 EUR" }),
    ]);
  });
});

describe("when the network does not answer", () => {
  it("is `timeout` after the request's own timeout", async () => {
    vi.useFakeTimers();
    await start({ ussd: { "*100#": { noReply: true } } });
    const p = ussd.request({ session: "new", code: "*100#", timeoutSeconds: 20 });
    await vi.advanceTimersByTimeAsync(20_000);
    expect((await p).status).toBe("timeout");
  });

  it("ends the dialogue with AT+CUSD=2 so the next one is not refused", async () => {
    vi.useFakeTimers();
    await start({ ussd: { "*100#": { noReply: true } } });
    const p = ussd.request({ session: "new", code: "*100#", timeoutSeconds: 20 });
    await vi.advanceTimersByTimeAsync(20_000);
    await p;
    expect(sim.commands.at(-1)).toBe("AT+CUSD=2");
  });

  it("is still waiting one millisecond before the timeout", async () => {
    vi.useFakeTimers();
    await start({ ussd: { "*100#": { noReply: true } } });
    void ussd.request({ session: "new", code: "*100#", timeoutSeconds: 20 }).catch(() => {});
    await vi.advanceTimersByTimeAsync(19_999);
    expect(ussd.busy).toBe(true);
  });
});

describe("menus (m = 1)", () => {
  it("keep the session open for a reply", async () => {
    await start();
    const r = await ussd.request({ session: "new", code: "*101#" });
    expect([r.status, r.text, r.sessionOpen]).toEqual([
      "further-action",
      "1. Balance\n2. Data",
      true,
    ]);
  });

  it("take the reply and close with the answer", async () => {
    await start();
    await ussd.request({ session: "new", code: "*101#" });
    const r = await ussd.request({ session: "reply", text: "2" });
    expect([r.status, r.text, r.sessionOpen]).toEqual(["done", "Data left: 1.5 GB", false]);
  });

  it("refuse a new dialogue while open with ussd.busy", async () => {
    await start();
    await ussd.request({ session: "new", code: "*101#" });
    expect(await refusal(ussd.request({ session: "new", code: "*100#" }))).toBe("ussd.busy");
  });

  it("are ended by a cancel with AT+CUSD=2", async () => {
    await start();
    await ussd.request({ session: "new", code: "*101#" });
    const r = await ussd.request({ session: "cancel" });
    expect([r, sim.commands.at(-1), sim.ussdMenuOpen]).toEqual([
      { status: "terminated", text: "", sessionOpen: false },
      "AT+CUSD=2",
      false,
    ]);
  });

  it("are cancelled after the idle timeout, announced as `timeout`", async () => {
    vi.useFakeTimers();
    await start({}, { idleTimeoutMs: 60_000 });
    await ussd.request({ session: "new", code: "*101#" });
    await vi.advanceTimersByTimeAsync(60_000);
    expect([ussd.sessionOpen, sim.commands.at(-1), events.at(-1)?.status]).toEqual([
      false,
      "AT+CUSD=2",
      "timeout",
    ]);
  });

  it("stay open one millisecond before the idle timeout", async () => {
    vi.useFakeTimers();
    await start({}, { idleTimeoutMs: 60_000 });
    await ussd.request({ session: "new", code: "*101#" });
    await vi.advanceTimersByTimeAsync(59_999);
    expect(ussd.sessionOpen).toBe(true);
  });

  it("close when the network ends the dialogue on its own (+CUSD: 2)", async () => {
    await start();
    await ussd.request({ session: "new", code: "*101#" });
    sim.emitUrc("+CUSD: 2");
    await vi.waitFor(() => expect(ussd.sessionOpen).toBe(false));
    expect(events.at(-1)).toMatchObject({ status: "terminated", sessionOpen: false });
  });
});

describe("one dialogue at a time", () => {
  it("refuses a second request while the first waits for the network with ussd.busy", async () => {
    vi.useFakeTimers();
    await start({ ussd: { "*100#": { noReply: true } } });
    const first = ussd.request({ session: "new", code: "*100#" });
    first.catch(() => {});
    await vi.advanceTimersByTimeAsync(10);
    expect(await refusal(ussd.request({ session: "new", code: "*100#" }))).toBe("ussd.busy");
  });

  it("refuses a reply with no menu open with ussd.no-session", async () => {
    await start();
    expect(await refusal(ussd.request({ session: "reply", text: "1" }))).toBe("ussd.no-session");
  });

  it("refuses a cancel with nothing open with ussd.no-session", async () => {
    await start();
    expect(await refusal(ussd.request({ session: "cancel" }))).toBe("ussd.no-session");
  });
});

describe("answers with line breaks (printed across several lines)", () => {
  it("are put back together up to the closing quote", async () => {
    await start({ ussd: { "#100#": { noReply: true } } });
    const p = ussd.request({ session: "new", code: "#100#" });
    await vi.waitFor(() => expect(sim.commands).toContain('AT+CUSD=1,"#100#",15'));
    await new Promise((r) => setTimeout(r, 20));
    sim.emitUrc('+CUSD: 1,"Bal:$100.00 *', "1. Recharge", '00. Home",15');
    expect(await p).toMatchObject({
      text: "Bal:$100.00 *\n1. Recharge\n00. Home",
      sessionOpen: true,
    });
  });
});
