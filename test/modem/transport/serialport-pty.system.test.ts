import { once } from "node:events";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { SerialPort } from "serialport";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { AtChannel, type AtError } from "../../../src/modem/at/index.js";
import { parseCmgr, parseCsq } from "../../../src/modem/at/parsers/index.js";
import { transportFromUrl } from "../../../src/modem/transport/index.js";
import { SimulatedModem } from "../../../src/simulator/index.js";
import { decodePdu, encodeSubmit } from "../../../src/sms/pdu/index.js";
import { openPtyPair, type PtyPair } from "./support/socat-pty.js";

/**
 * The native serialport binding end to end: simulator on one end of a socat PTY pair, the
 * channel (through transportFromUrl, i.e. serialport 13) on the other.
 */
let dir: string;
let pty: PtyPair;
let sim: SimulatedModem;
let simPort: SerialPort;
let at: AtChannel;

async function attachSimulator(): Promise<void> {
  simPort = new SerialPort({ path: pty.a, baudRate: 115200 });
  await once(simPort, "open");
  simPort.on("error", () => {}); // the far end vanishing is part of some tests
  sim.attach(simPort);
}

beforeEach(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), "smsgw-pty-"));
  pty = await openPtyPair(dir);
  sim = new SimulatedModem({ profile: "SIM800", timing: "instant" });
  await attachSimulator();
});

afterEach(async () => {
  await at?.stop();
  await sim.close();
  if (simPort.isOpen) simPort.close();
  await pty.kill();
  rmSync(dir, { recursive: true, force: true });
});

describe("serialport over a socat PTY against the simulator", () => {
  it("releases the device on reopen(): the fresh port gets the lock and answers", async () => {
    at = new AtChannel({ open: transportFromUrl(pty.b), reconnect: false });
    await at.start();
    await at.reopen();
    expect((await at.run({ command: "AT" })).final).toBe("OK");
  });

  it("releases the device on stop(): the same path opens again with its lock", async () => {
    at = new AtChannel({ open: transportFromUrl(pty.b), reconnect: false });
    await at.start();
    await at.stop();
    at = new AtChannel({ open: transportFromUrl(pty.b), reconnect: false });
    await at.start();
    expect((await at.run({ command: "AT" })).final).toBe("OK");
  });

  it("runs commands and parses the answers", async () => {
    at = new AtChannel({ open: transportFromUrl(pty.b, { baudRate: 115200 }), reconnect: false });
    await at.start();
    await at.run({ command: "ATE0" });
    sim.setSignal(25);
    expect(parseCsq((await at.run({ command: "AT+CSQ" })).lines).dbm).toBe(-63);
  });

  it("sends an SMS through the prompt", async () => {
    at = new AtChannel({ open: transportFromUrl(pty.b), reconnect: false });
    await at.start();
    await at.run({ command: "AT+CMGF=0" });
    const part = encodeSubmit({ to: "+4917012345678", text: "over a real tty" }).parts[0]!;
    await at.run({ command: `AT+CMGS=${part.tpduLength}`, prompt: { data: part.pdu } });
    expect(sim.sent.map((s) => s.text)).toEqual(["over a real tty"]);
  });

  it("receives an SMS announced by +CMTI", async () => {
    at = new AtChannel({ open: transportFromUrl(pty.b), reconnect: false });
    await at.start();
    await at.run({ command: "ATE0" });
    await at.run({ command: "AT+CMGF=0" });
    await at.run({ command: "AT+CNMI=2,1,0,0,0" });
    const cmti = at.waitForUrc((u) => u.name === "+CMTI", 5000);
    sim.deliverSms({ from: "+4915112345678", text: "über tty" });
    const index = (await cmti).params.split(",")[1]!;
    const stored = parseCmgr((await at.run({ command: `AT+CMGR=${index}` })).lines);
    expect(decodePdu(stored.pdu).text).toBe("über tty");
  });

  it("fails a command on a vanished tty with at.closed and reopens a fresh port when it returns", async () => {
    at = new AtChannel({ open: transportFromUrl(pty.b), reconnect: { minMs: 50, maxMs: 200 } });
    await at.start();
    const closed = once(at, "close");
    await pty.kill();
    // The kernel reports a PTY hang-up on the next write (EIO); a read alone may not see it.
    const err = await at.run({ command: "AT+CSQ", timeoutMs: 60_000 }).then(
      () => undefined,
      (e: unknown) => e as AtError,
    );
    await closed;
    expect(err?.code).toBe("at.closed");

    if (simPort.isOpen) simPort.close();
    const reopened = once(at, "open"); // may fire before the simulator is attached again
    pty = await openPtyPair(dir);
    await attachSimulator();
    await reopened;
    expect((await at.run({ command: "AT" })).final).toBe("OK");
  });
});
