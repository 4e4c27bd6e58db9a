import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import net from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { SerialPort } from "serialport";
import { afterEach, describe, expect, it } from "vitest";
import { SimulatedModem } from "../../src/simulator/index.js";
import { type PtyBridge, startPtyBridge } from "../../src/simulator/pty-bridge.js";
import { WireClient } from "./wire-client.js";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

function tempDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), "smsgw-sim-"));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

async function openSerial(p: string): Promise<SerialPort> {
  const port = new SerialPort({ path: p, baudRate: 115200, autoOpen: false });
  await new Promise<void>((resolve, reject) => port.open((err) => (err ? reject(err) : resolve())));
  cleanups.push(
    () => new Promise<void>((resolve) => (port.isOpen ? port.close(() => resolve()) : resolve())),
  );
  return port;
}

/** Reads stdout lines of a child until one matches. */
function waitForLine(
  child: ChildProcess,
  re: RegExp,
  timeoutMs = 15_000,
): Promise<RegExpExecArray> {
  return new Promise((resolve, reject) => {
    let buf = "";
    const timer = setTimeout(
      () => reject(new Error(`no line ${re} in ${JSON.stringify(buf)}`)),
      timeoutMs,
    );
    child.stdout!.setEncoding("utf8");
    child.stdout!.on("data", (t: string) => {
      buf += t;
      const m = re.exec(buf);
      if (m !== null) {
        clearTimeout(timer);
        resolve(m);
      }
    });
  });
}

function runCli(args: string[]): ChildProcess {
  const child = spawn(process.execPath, [path.join(root, "dist/cli/main.js"), ...args], {
    stdio: ["pipe", "pipe", "pipe"],
  });
  cleanups.push(
    () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
      }),
  );
  return child;
}

describe("simulator over a real pseudo-terminal (socat)", () => {
  it("answers AT through the native serialport binding", async () => {
    const modem = new SimulatedModem();
    cleanups.push(() => modem.close());
    const link = path.join(tempDir(), "ttySIM");
    const bridge: PtyBridge = await startPtyBridge((s) => modem.attach(s), link);
    cleanups.push(() => bridge.close());
    const host = new WireClient(await openSerial(link));
    expect(await host.command("AT", 5000)).toBe("AT\r\r\nOK\r\n");
  });

  it("survives the serial port being closed and opened again", async () => {
    const modem = new SimulatedModem();
    cleanups.push(() => modem.close());
    const link = path.join(tempDir(), "ttySIM");
    const bridge = await startPtyBridge((s) => modem.attach(s), link);
    cleanups.push(() => bridge.close());
    const first = await openSerial(link);
    await new WireClient(first).command("ATE0", 5000);
    await new Promise<void>((resolve) => first.close(() => resolve()));
    const host = new WireClient(await openSerial(link));
    expect(await host.command("AT", 5000)).toBe("\r\nOK\r\n");
  });
});

describe("smsgw simulate", () => {
  it("--pty makes a PTY the serialport can talk to", async () => {
    const link = path.join(tempDir(), "ttySIM");
    const child = runCli(["simulate", "--pty", link, "--profile", "EC25"]);
    await waitForLine(child, /pseudo-terminal/);
    const host = new WireClient(await openSerial(link));
    expect(await host.command("AT+CGMM", 5000)).toBe("AT+CGMM\r\r\nEC25\r\n\r\nOK\r\n");
  });

  it("--listen serves TCP, and 'sms <from> <text>' on stdin delivers an inbound SMS", async () => {
    const child = runCli(["simulate", "--listen", "tcp://127.0.0.1:0"]);
    const m = await waitForLine(child, /listening on tcp:\/\/127\.0\.0\.1:(\d+)/);
    const socket = net.connect(Number(m[1]), "127.0.0.1");
    cleanups.push(() => void socket.destroy());
    const host = new WireClient(socket);
    await host.command("ATE0;+CNMI=2,1,0,0,0", 5000);
    child.stdin!.write("sms +491701234567 hello from stdin\n");
    await host.waitFor('+CMTI: "SM",1\r\n', 5000);
  });

  it("--receive-memory ME stores inbound SMS in the module's memory and says so", async () => {
    const child = runCli(["simulate", "--listen", "tcp://127.0.0.1:0", "--receive-memory", "me"]);
    const m = await waitForLine(child, /listening on tcp:\/\/127\.0\.0\.1:(\d+)/);
    const socket = net.connect(Number(m[1]), "127.0.0.1");
    cleanups.push(() => void socket.destroy());
    const host = new WireClient(socket);
    await host.command("ATE0;+CNMI=2,1,0,0,0", 5000);
    child.stdin!.write("sms +491701234567 kept in ME\n");
    await host.waitFor('+CMTI: "ME",1\r\n', 5000);
  });

  it("refuses a memory it does not model, naming the flag", async () => {
    const child = runCli(["simulate", "--listen", "tcp://127.0.0.1:0", "--report-memory", "XX"]);
    let err = "";
    child.stderr!.on("data", (d: Buffer) => {
      err += d.toString();
    });
    const code = await new Promise<number | null>((r) => child.once("exit", (c) => r(c)));
    expect([code, err.trim()]).toEqual([
      2,
      'smsgw simulate: --report-memory must be SM or SR, not "XX"',
    ]);
  });
});
