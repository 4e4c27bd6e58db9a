import { type ChildProcessWithoutNullStreams, spawn } from "node:child_process";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import type { AddressInfo, Server } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SimulatedModem } from "../../src/simulator/index.js";
import { decodePdu } from "../../src/sms/pdu/index.js";
import type { InboundMessage } from "../../src/sms/types.js";

/**
 * The gateway core runs as its own process against the simulator over TCP and is
 * killed with SIGKILL at random moments during a burst of sends and inbound deliveries, then
 * restarted. Every accepted outbound message is sent (at least once; duplicates are counted and
 * printed), every inbound message the simulator delivered is in the inbox exactly once, and no
 * message was deleted from the SIM before it was on disk.
 */

const SCRIPT = fileURLToPath(new URL("./helpers/crash-gateway.mjs", import.meta.url));
const OUTBOUND = 80;
const INBOUND = 30;
const KILLS = 6;

interface Gateway {
  proc: ChildProcessWithoutNullStreams;
  lines: AsyncIterableIterator<string>;
  ready: Promise<void>;
  waitFor(
    pred: (msg: Record<string, unknown>) => boolean,
    timeoutMs: number,
  ): Promise<Record<string, unknown>>;
}

let sim: SimulatedModem;
let server: Server;
let dir: string;
const accepted = new Set<string>();
const deletedBeforeDurable: string[] = [];

function startGateway(url: string): Gateway {
  const proc = spawn(process.execPath, [SCRIPT, url, dir], {
    stdio: ["pipe", "pipe", "pipe"],
    env: { ...process.env, SMSGW_LOG_LEVEL: process.env.CRASH_DEBUG ?? "silent" },
  });
  proc.stderr.on("data", (d: Buffer) => {
    if (process.env.CRASH_DEBUG) process.stderr.write(d);
  });
  const listeners = new Set<(msg: Record<string, unknown>) => void>();
  const rl = createInterface({ input: proc.stdout });
  rl.on("line", (line) => {
    if (process.env.CRASH_DEBUG) console.error(line);
    let msg: Record<string, unknown>;
    try {
      msg = JSON.parse(line) as Record<string, unknown>;
    } catch {
      return; // a log line
    }
    if (typeof msg.accepted === "string") accepted.add(msg.accepted);
    for (const l of listeners) l(msg);
  });
  const waitFor = (pred: (msg: Record<string, unknown>) => boolean, timeoutMs: number) =>
    new Promise<Record<string, unknown>>((resolve, reject) => {
      const timer = setTimeout(() => {
        listeners.delete(l);
        reject(new Error("gateway did not answer in time"));
      }, timeoutMs);
      const l = (msg: Record<string, unknown>) => {
        if (!pred(msg)) return;
        clearTimeout(timer);
        listeners.delete(l);
        resolve(msg);
      };
      listeners.add(l);
    });
  return {
    proc,
    lines: rl[Symbol.asyncIterator](),
    ready: waitFor((m) => m.ready === true, 30_000).then(() => {}),
    waitFor,
  };
}

function kill(gw: Gateway): Promise<void> {
  return new Promise((resolve) => {
    if (gw.proc.exitCode !== null || gw.proc.signalCode !== null) return resolve();
    gw.proc.once("exit", () => resolve());
    gw.proc.kill("SIGKILL");
  });
}

/** Everything the gateway has written to its store directory, as text. */
function storeText(): string {
  let text = "";
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      try {
        if (statSync(p).isDirectory()) walk(p);
        else text += readFileSync(p, "utf8");
      } catch {
        // A temp file renamed away between readdir and read: its content is in the target.
      }
    }
  };
  walk(dir);
  return text;
}

const outText = (i: number) => `out-${i}-payload`;
const inText = (i: number) => `in-${i}-payload`;
const randomMs = (min: number, max: number) => min + Math.floor(Math.random() * (max - min));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "smsgw-crash-"));
  sim = new SimulatedModem({
    profile: "SIM800",
    timing: { command: 1, prompt: 2, send: [5, 30] },
    simCapacity: 50,
  });
  server = await sim.listenTcp("127.0.0.1", 0);
  // Nothing may leave the SIM before it is durable: at each AT+CMGD the text must be on disk.
  sim.on("command", (line: string) => {
    const m = /^AT\+CMGD=(\d+)/.exec(line);
    if (m === null) return;
    const slot = sim.sim.storage.get(Number(m[1]));
    if (slot === undefined) return;
    const text = decodePdu(slot.pdu).text;
    if (!storeText().includes(text)) deletedBeforeDurable.push(text);
  });
});

afterAll(async () => {
  await sim.close();
  await rm(dir, { recursive: true, force: true });
});

describe("crash safety (SIGKILL during a burst)", () => {
  it("loses nothing: outbound at least once, inbound exactly once, SIM cleared only after disk", async () => {
    const url = `tcp://127.0.0.1:${(server.address() as AddressInfo).port}`;
    let nextOut = 0;
    let nextIn = 0;
    for (let round = 0; round < KILLS; round++) {
      const gw = startGateway(url);
      await gw.ready;
      const killAt = Date.now() + randomMs(100, 700);
      while (Date.now() < killAt) {
        // Requests are resent until acknowledged, as an MQTT client with QoS 1 would.
        for (let k = 0; k < 4 && nextOut < OUTBOUND; k++, nextOut++)
          gw.proc.stdin.write(
            `${JSON.stringify({ send: { id: `o${nextOut}`, to: "+491701234567", text: outText(nextOut) } })}\n`,
          );
        if (nextIn < INBOUND && Math.random() < 0.6)
          sim.deliverSms({ from: "+491709999999", text: inText(nextIn++) });
        await sleep(randomMs(5, 40));
      }
      await kill(gw);
      // Requests that were never acknowledged are resent in the next round.
      for (let i = 0; i < nextOut; i++) if (!accepted.has(`o${i}`)) nextOut = Math.min(nextOut, i);
    }
    while (nextIn < INBOUND) sim.deliverSms({ from: "+491709999999", text: inText(nextIn++) });

    const gw = startGateway(url);
    await gw.ready;
    for (let i = 0; i < OUTBOUND; i++)
      if (!accepted.has(`o${i}`))
        gw.proc.stdin.write(
          `${JSON.stringify({ send: { id: `o${i}`, to: "+491701234567", text: outText(i) } })}\n`,
        );
    const sentTexts = () => new Set(sim.sent.map((s) => s.text));
    const deadline = Date.now() + 60_000;
    let inbox: InboundMessage[] = [];
    while (Date.now() < deadline) {
      const dumped = gw.waitFor((m) => Array.isArray(m.inbox), 10_000);
      gw.proc.stdin.write(`${JSON.stringify({ dump: true })}\n`);
      inbox = (await dumped).inbox as InboundMessage[];
      const allSent = [...Array(OUTBOUND).keys()].every((i) => sentTexts().has(outText(i)));
      if (
        allSent &&
        accepted.size === OUTBOUND &&
        inbox.length >= INBOUND &&
        sim.sim.storage.used === 0
      )
        break;
      await sleep(200);
    }
    const exited = new Promise((r) => gw.proc.once("exit", r));
    gw.proc.stdin.write(`${JSON.stringify({ exit: true })}\n`);
    await Promise.race([exited, sleep(10_000)]);
    await kill(gw);

    const sentCounts = new Map<string, number>();
    for (const s of sim.sent) sentCounts.set(s.text, (sentCounts.get(s.text) ?? 0) + 1);
    const duplicates = [...sentCounts.values()].reduce((n, c) => n + c - 1, 0);
    console.log(
      `crash test: ${KILLS} SIGKILLs, ${accepted.size} accepted, ${sim.sent.length} sends, ${duplicates} duplicate sends (at-least-once), ${inbox.length} inbound`,
    );
    expect(accepted.size).toBe(OUTBOUND);
    for (let i = 0; i < OUTBOUND; i++)
      expect(sentCounts.get(outText(i)) ?? 0).toBeGreaterThanOrEqual(1);
    const inboundTexts = inbox.map((m) => m.text).sort();
    expect(inboundTexts).toEqual([...Array(INBOUND).keys()].map(inText).sort());
    expect(deletedBeforeDurable).toEqual([]);
    expect(sim.sim.storage.used).toBe(0);
  });
});
