import { type ChildProcess, spawn } from "node:child_process";
import { createServer } from "node:net";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { startProcessRig } from "../../support/process-rig.js";
import { BEARERBOX, kannelInstalled, SMSBOX } from "./kannel-boxes.js";
import { realKannelScenario, SMSC_USER } from "./real-kannel-scenario.js";

/**
 * Real Kannel (bearerbox + smsbox) in front of `smsgw run` as a process, with mosquitto and the
 * simulated modem over TCP. Here Kannel must be installed (Debian's `kannel` package).
 */

const CLI = fileURLToPath(new URL("../../../dist/cli/main.js", import.meta.url));

describe("the system tests have Kannel", () => {
  it(`finds ${BEARERBOX} and ${SMSBOX} (apt-get install kannel)`, () => {
    expect(kannelInstalled()).toBe(true);
  });
});

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const address = server.address();
  const port = typeof address === "object" && address !== null ? address.port : 0;
  await new Promise((r) => server.close(r));
  return port;
}

describe.runIf(kannelInstalled())("real Kannel 1.4 in front of `smsgw run`", () => {
  realKannelScenario(async () => {
    const port = await freePort();
    const rig = await startProcessRig({
      name: "kannel",
      observerId: "kannel-observer",
      // A network takes seconds to report; an instant report could reach Kannel before it
      // has stored the message it relays the report for.
      sim: { autoDeliveryReport: true, timing: { base: "instant", deliveryReport: 500 } },
      more: [
        "sms:",
        "  deliveryReports: true",
        "http:",
        "  enabled: true",
        `  port: ${port}`,
        "  kannel:",
        "    users:",
        `      - { username: ${SMSC_USER.username}, password: ${SMSC_USER.password} }`,
      ],
    });
    const gateway: ChildProcess = spawn(process.execPath, [CLI, "run", "-c", rig.configPath], {
      cwd: rig.dir,
      stdio: "ignore",
      env: { ...process.env, SMSGW_LOG_LEVEL: "warn" },
    });
    const base = `http://127.0.0.1:${port}`;
    const end = Date.now() + 60_000;
    for (;;) {
      if (gateway.exitCode !== null) throw new Error(`smsgw run exited (${gateway.exitCode})`);
      try {
        await fetch(`${base}/api/v1/modem`);
        break;
      } catch {
        if (Date.now() > end) throw new Error("smsgw's HTTP API did not answer within 60 s");
        await new Promise((r) => setTimeout(r, 200));
      }
    }
    await rig.client.waitForTopic("smsgw/modem", (j) => j.state === "ready", 60_000);
    return {
      base,
      sim: rig.sim,
      async dispose() {
        const exited = new Promise((r) => gateway.once("exit", r));
        gateway.kill("SIGTERM");
        await exited;
        await rig.dispose();
      },
    };
  });
});
