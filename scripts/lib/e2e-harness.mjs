// Host side of the image boot test: the project's modem simulator on TCP (QEMU connects its
// usb-serial chardev to it, so the guest sees /dev/ttyUSB0) and an MQTT client on the host
// broker (which the guest reaches through QEMU's guestfwd). Runs the end-to-end checks while
// the VM boots and prints one line per check: "PASS <name>" or "FAIL <name>: <reason>".
// Prints DONE when finished and keeps running until killed.
// The outbound PDU is checked with a decoder of its own (pdu-check.mjs), the inbound one is a
// fixed public PDU with a known text, so the gateway's codec is never checked against itself.
// Times are counted from QEMU's start (the epoch seconds test-image.sh writes to --qemu-start).
// Usage: node e2e-harness.mjs --repo <dir> --sim-port <p> --mqtt-url <url> --base <topic>
//          [--boot-timeout <s>] [--ready-file <path>] [--qemu-start <path>]
import { readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { parseArgs } from "node:util";
import { done as idle, info, result, waitCommand, withTimeout } from "./harness-util.mjs";
import { decodeSubmit, FIXED_INBOUND } from "./pdu-check.mjs";

const { values: a } = parseArgs({
  options: {
    repo: { type: "string" },
    "sim-port": { type: "string" },
    "mqtt-url": { type: "string" },
    base: { type: "string", default: "smsgw" },
    "boot-timeout": { type: "string", default: "420" },
    "ready-file": { type: "string" },
    "qemu-start": { type: "string" },
  },
});
const t0 = Date.now();
/** Seconds since QEMU started (since this harness started until QEMU has). */
const secs = () => {
  let start = t0;
  try {
    start = Number(readFileSync(a["qemu-start"] ?? "", "utf8")) * 1000 || t0;
  } catch {
    // QEMU not started yet
  }
  return `${((Date.now() - start) / 1000).toFixed(1)} s after QEMU's start`;
};
const base = a.base;
const TO = "+491701234567";
const TEXT = `image test ${process.pid} ✓ {ok}`; // UCS-2 (✓) exercises the codec on the guest
const names = [
  "bridge/state online",
  "SIM PIN from the edited smsgw.yaml entered",
  "send request reaches the modem as the right PDU (decoded independently)",
  "a fixed inbound PDU arrives on the host broker with its sender and text",
];
console.log(`PLAN ${names.length}`);

let sim;
try {
  const mod = await import(`${a.repo}/dist/simulator/index.js`);
  // The PIN matches the one test-image.sh wrote into the boot partition's smsgw.yaml.
  sim = new mod.SimulatedModem({
    profile: "SIM7600",
    timing: "instant",
    poweredOn: true,
    pin: "0000",
  });
  await sim.listenTcp("127.0.0.1", Number(a["sim-port"]));
  info(`modem simulator listening on 127.0.0.1:${a["sim-port"]}`);
} catch (err) {
  info(`modem simulator unavailable (${err.message}); a raw TCP listener stands in`);
  const net = await import("node:net");
  // Keep QEMU's chardev connected so the guest still gets /dev/ttyUSB0.
  net
    .createServer((s) => s.on("data", () => {}).on("error", () => {}))
    .listen(Number(a["sim-port"]), "127.0.0.1");
  for (const n of names.slice(1))
    result(false, n, "project simulator not built (dist/simulator/index.js)");
  sim = undefined;
}
const commands = { slice: (...r) => [...(sim?.commands ?? [])].slice(...r) };

let mqtt;
try {
  mqtt = createRequire(`${a.repo}/package.json`)("mqtt");
} catch (err) {
  result(false, names[0], `mqtt package missing: ${err.message}`);
  console.log("DONE");
  await new Promise(() => {});
}
const client = mqtt.connect(a["mqtt-url"], {
  clientId: `image-test-${process.pid}`,
  reconnectPeriod: 500,
});
const messages = [];
const waiters = [];
client.on("message", (topic, payload) => {
  const m = { topic, text: payload.toString("utf8") };
  try {
    m.json = JSON.parse(m.text);
  } catch {
    /* not JSON */
  }
  messages.push(m);
  for (const w of [...waiters])
    if (w.pred(m)) {
      waiters.splice(waiters.indexOf(w), 1);
      w.resolve(m);
    }
});
const waitMsg = (pred, ms, what) =>
  withTimeout(
    new Promise((resolve) => {
      const hit = messages.find(pred);
      if (hit) resolve(hit);
      else waiters.push({ pred, resolve });
    }),
    ms,
    what,
  );
await withTimeout(new Promise((r) => client.once("connect", r)), 20000, "the host broker");
await client.subscribeAsync(`${base}/#`, { qos: 1 });

// 1. The gateway in the VM comes online.
const bootMs = Number(a["boot-timeout"]) * 1000;
try {
  await waitMsg(
    (m) => m.topic === `${base}/bridge/state` && m.json?.state === "online",
    bootMs,
    `${base}/bridge/state online`,
  );
  result(true, names[0], secs());
  if (a["ready-file"]) writeFileSync(a["ready-file"], `${(Date.now() / 1000).toFixed(1)}\n`);
} catch (err) {
  result(
    false,
    names[0],
    `${err.message}; modem commands seen: ${commands.slice(0, 12).join(" | ") || "none"}`,
  );
  if (sim) for (const n of names.slice(1)) result(false, n, "gateway never came online");
  await done();
}
if (!sim) await done();
{
  // bridge/state goes online when MQTT connects; the modem start-up runs alongside it.
  const pinCmd = await waitCommand(sim, /^AT\+CPIN="?0000"?$/i, 120000).catch(() => undefined);
  result(
    pinCmd !== undefined,
    names[1],
    pinCmd ? "" : `commands: ${commands.slice(0, 15).join(" | ")}`,
  );
}

// 2. A send request on the host broker reaches the simulator as the right PDU.
try {
  const sent = withTimeout(
    new Promise((resolve) => {
      const check = (s) => {
        if (s.to === TO || s.decoded?.to === TO) resolve(s);
      };
      for (const s of sim.sent ?? []) check(s);
      sim.on("sent", check);
    }),
    90000,
    "AT+CMGS at the simulator",
  );
  await client.publishAsync(
    `${base}/bridge/request/send`,
    JSON.stringify({ to: TO, text: TEXT, transaction: "img-1" }),
    { qos: 1 },
  );
  const resp = waitMsg(
    (m) => m.topic === `${base}/bridge/response/send` && m.json?.transaction === "img-1",
    90000,
    "bridge/response/send",
  );
  const s = await sent;
  const problems = [];
  let d;
  try {
    d = decodeSubmit(s.pdu);
  } catch (err) {
    problems.push(`PDU ${s.pdu} does not decode: ${err.message}`);
  }
  if (d && d.to !== TO) problems.push(`to ${d.to}`);
  if (d && d.text !== TEXT) problems.push(`text ${JSON.stringify(d.text)}`);
  if (d && d.dcs !== 0x08) problems.push(`data coding ${d.dcs} (UCS-2 is 8)`);
  const r = await resp.catch((e) => ({ json: { status: e.message } }));
  if (r.json?.status !== "ok") problems.push(`response ${JSON.stringify(r.json)}`);
  result(
    problems.length === 0,
    names[2],
    problems.length ? problems.join(", ") : `PDU ${s.pdu}, ${secs()}`,
  );
} catch (err) {
  result(
    false,
    names[2],
    `${err.message}; modem commands seen: ${commands.slice(-12).join(" | ")}`,
  );
}

// 3. A fixed, public SMS-DELIVER injected at the simulator arrives with its known text.
try {
  sim.deliverPdu(FIXED_INBOUND.pdu);
  const m = await waitMsg(
    (x) => x.topic === `${base}/received` && x.json?.text === FIXED_INBOUND.text,
    90000,
    `${base}/received`,
  );
  const ok = m.json.from === FIXED_INBOUND.from;
  result(ok, names[3], ok ? secs() : `from ${m.json.from}`);
} catch (err) {
  const seen = messages
    .filter((x) => x.topic === `${base}/received`)
    .map((x) => x.text)
    .join(" ; ");
  result(false, names[3], `${err.message}${seen ? `; got ${seen}` : ""}`);
}
await done();

async function done() {
  await idle(() => client.end(true));
}
