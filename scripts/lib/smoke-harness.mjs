// Host side of the image's Raspberry Pi 3 smoke test (qemu -M raspi3b, unchanged cmdline, no
// network): the project's modem simulator on TCP, which QEMU wires to the Pi's mini UART, the
// HAT's /dev/ttyS1. With the card's default config (modem /dev/serial0, broker on the Pi) the
// gateway must set the modem up over that UART, and an SMS injected at the simulator must be
// read and deleted from the SIM, which the gateway does only once the message is stored.
// Prints "PASS <name>" / "FAIL <name>: <reason>" per check, then DONE; runs until killed.
// Usage: node smoke-harness.mjs --repo <dir> --sim-port <p> [--boot-timeout <s>]
import { parseArgs } from "node:util";
import { done, info, result, waitCommand, withTimeout } from "./harness-util.mjs";

const { values: a } = parseArgs({
  options: {
    repo: { type: "string" },
    "sim-port": { type: "string" },
    "boot-timeout": { type: "string", default: "600" },
  },
});
const t0 = Date.now();
const secs = () => ((Date.now() - t0) / 1000).toFixed(0);
const names = [
  "Pi 3: gateway sets the modem up over the mini UART (/dev/serial0 -> ttyS1)",
  "Pi 3: injected SMS read, stored and only then deleted from the SIM",
];

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
  result(false, names[1], "the gateway never set the modem up");
  await done();
}

try {
  sim.deliverSms({ from: "+441234567890", text: `pi3 smoke ${process.pid}` });
  await waitCommand(sim, /^AT\+CMGD=/i, 120000);
  await withTimeout(
    (async () => {
      while (sim.sim.storage.list(4).length > 0) await new Promise((r) => setTimeout(r, 200));
    })(),
    30000,
    "an empty SIM storage",
  );
  result(true, names[1], `after ${secs()} s`);
} catch (err) {
  result(false, names[1], `${err.message}; modem commands seen: ${seen(12)}`);
}
await done();
