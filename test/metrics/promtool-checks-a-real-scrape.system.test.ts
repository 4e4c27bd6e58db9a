import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { createServer } from "node:net";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ProcessRig, startProcessRig } from "../support/process-rig.js";

/**
 * `smsgw run` as its own process with metrics on (HTTP API off: the metrics' own listener),
 * scraped after an SMS went out; Prometheus' own checker (`promtool check metrics`, Debian's
 * `prometheus` package) judges the exposition: format, types, names, units and suffixes.
 */

const CLI = fileURLToPath(new URL("../../dist/cli/main.js", import.meta.url));
let rig: ProcessRig;
let run: ChildProcess;
let url: string;

/** A port free right now (the gateway's config needs a number, not 0, to be scraped). */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const address = server.address();
  await new Promise((r) => server.close(r));
  return typeof address === "object" && address !== null ? address.port : 0;
}

beforeAll(async () => {
  const port = await freePort();
  url = `http://127.0.0.1:${port}/metrics`;
  rig = await startProcessRig({
    name: "metrics",
    observerId: "metrics-observer",
    mqtt: ["  clientId: smsgw-metrics-test"],
    more: ["metrics:", "  enabled: true", `  listen: 127.0.0.1:${port}`],
  });
  run = spawn(process.execPath, [CLI, "run", "--config", rig.configPath], {
    stdio: ["ignore", "ignore", "pipe"],
    env: { ...process.env, SMSGW_LOG_LEVEL: "warn" },
  });
  await rig.client.waitForTopic("smsgw/modem", (j) => j.state === "ready", 60_000);
  await rig.client.publish("smsgw/send", JSON.stringify({ to: "+491701234567", text: "hi" }));
  await rig.client.waitFor(
    (m) =>
      m.topic.startsWith("smsgw/status/") && (m.json as { status?: string })?.status === "sent",
    30_000,
  );
});

afterAll(async () => {
  if (run !== undefined && run.exitCode === null) {
    const exited = new Promise((r) => run.once("exit", r));
    run.kill("SIGTERM");
    await exited;
  }
  await rig?.dispose();
});

/**
 * prom-client's default metrics keep the names Node.js dashboards know, three of them gauges
 * named `_total`, which promtool's linter flags (exit status 3). They are the only findings
 * allowed: a parse error, or any finding on another metric, fails.
 */
const PROM_CLIENT_DEFAULTS = [
  'nodejs_active_handles_total non-counter metrics should not have "_total" suffix',
  'nodejs_active_requests_total non-counter metrics should not have "_total" suffix',
  'nodejs_active_resources_total non-counter metrics should not have "_total" suffix',
];

describe("a real scrape of smsgw run", () => {
  it("has promtool find nothing but prom-client's three default gauges named _total", async () => {
    const body = await (await fetch(url)).text();
    expect(body).toContain('smsgw_outbound_messages_total{status="sent"} 1');
    const check = spawnSync("promtool", ["check", "metrics"], { input: body, encoding: "utf8" });
    const findings = `${check.stdout}${check.stderr}`.trim().split("\n").sort();
    expect({ status: check.status, findings }).toEqual({
      status: 3,
      findings: PROM_CLIENT_DEFAULTS,
    });
  });
});
