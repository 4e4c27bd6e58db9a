// Host side of the image's Raspberry Pi 3 smoke test (qemu -M raspi3b, unchanged cmdline, no
// network): the project's modem simulator on TCP, which QEMU wires to the Pi's mini UART, the
// HAT's /dev/ttyS1. With the card's default config (modem /dev/serial0, broker on the Pi) the
// gateway must set the modem up over that UART, and an SMS injected at the simulator must be
// read and deleted from the SIM, which the gateway does only once the message is stored.
// The order is seen from outside: when AT+CMGD arrives, its answer is held while the card
// image (the emulated SD card, a file here) is searched for the message's text, which only
// the gateway's store writes there, decoded. Found before the delete was answered = stored
// first.
// Prints "PASS <name>" / "FAIL <name>: <reason>" per check, then DONE; runs until killed.
// Usage: node smoke-harness.mjs --repo <dir> --sim-port <p> --card <pi3.img> [--boot-timeout <s>]
import { spawn } from "node:child_process";
import { parseArgs } from "node:util";
import { done, info, result, waitCommand, withTimeout } from "./harness-util.mjs";

const { values: a } = parseArgs({
  options: {
    repo: { type: "string" },
    "sim-port": { type: "string" },
    "boot-timeout": { type: "string", default: "600" },
    card: { type: "string" },
  },
});
// Under the gateway's 5 s AT timeout, so holding the answer looks like a slow modem.
const HOLD_MS = 4500;

/** Whether `needle` is anywhere in the file (grep reads a sparse card image quickly). */
const onCard = (needle, file) =>
  new Promise((resolve) => {
    const grep = spawn("grep", ["-q", "-a", "-F", needle, file], { stdio: "ignore" });
    grep.on("close", (code) => resolve(code));
    grep.on("error", () => resolve(-1));
  });
const t0 = Date.now();
const secs = () => ((Date.now() - t0) / 1000).toFixed(0);
const names = [
  "Pi 3: gateway sets the modem up over the mini UART (/dev/serial0 -> ttyS1)",
  "Pi 3: the SMS is on the card when AT+CMGD arrives (stored, then deleted from the SIM)",
  "Pi 3: the SIM storage is empty afterwards",
];
console.log(`PLAN ${names.length}`);

let sim;
try {
  const mod = await import(`${a.repo}/dist/simulator/index.js`);
  sim = new mod.SimulatedModem({ profile: "SIM7600", timing: "instant", poweredOn: true });
  await sim.listenTcp("127.0.0.1", Number(a["sim-port"]));
  info(`modem simulator listening on 127.0.0.1:${a["sim-port"]}`);
} catch (err) {
  for (const n of names) result(false, n, `simulator unavailable: ${err.message}`);
  await done();
}
const seen = (n) => sim.commands.slice(-n).join(" | ") || "none";

try {
  // AT+CNMI is the last step of SMS set-up: the service is up and owns the port.
  await waitCommand(sim, /^AT\+CNMI=/i, Number(a["boot-timeout"]) * 1000);
  result(true, names[0], `after ${secs()} s`);
} catch (err) {
  result(false, names[0], `${err.message}; modem commands seen: ${seen(12)}`);
  for (const n of names.slice(1)) result(false, n, "the gateway never set the modem up");
  await done();
}

const token = `pi3-smoke-${process.pid}-${Date.now()}`;
try {
  // On the first AT+CMGD: hold the answer, search the card, then delete and answer.
  const scanned = new Promise((resolve) => {
    sim.respond(/^AT\+CMGD=/i, { final: "OK", delayMs: HOLD_MS });
    sim.on("command", function onCmgd(line) {
      const m = /^AT\+CMGD=(\d+)/i.exec(line);
      if (!m) return;
      sim.off("command", onCmgd);
      const t = Date.now();
      void onCard(token, a.card).then((status) => {
        const ms = Date.now() - t;
        sim.sim.storage.delete(Number(m[1]));
        resolve({ found: status === 0, ms, status });
      });
    });
  });
  sim.deliverSms({ from: "+441234567890", text: `${token} stored` });
  const scan = await withTimeout(scanned, 120000, "AT+CMGD");
  if (scan.ms >= HOLD_MS)
    result(
      false,
      names[1],
      `inconclusive: the search took ${scan.ms} ms, longer than the held answer`,
    );
  else
    result(
      scan.found,
      names[1],
      scan.found
        ? `text on the card ${secs()} s after boot; search ${scan.ms} ms`
        : `the text was not on the card when AT+CMGD arrived (grep status ${scan.status})`,
    );
} catch (err) {
  result(false, names[1], `${err.message}; modem commands seen: ${seen(12)}`);
}
try {
  await withTimeout(
    (async () => {
      while (sim.sim.storage.list(4).length > 0) await new Promise((r) => setTimeout(r, 200));
    })(),
    30000,
    "an empty SIM storage",
  );
  result(true, names[2], `after ${secs()} s`);
} catch (err) {
  result(false, names[2], `${err.message}; modem commands seen: ${seen(12)}`);
}
await done();
