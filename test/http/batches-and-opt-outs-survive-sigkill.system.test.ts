import { type ChildProcess, execFile, spawn } from "node:child_process";
import { createServer } from "node:net";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ProcessRig, startProcessRig } from "../support/process-rig.js";

/**
 * `smsgw run` as its own process with the HTTP API: what it answered 202/201 for — a batch,
 * an opt-out by SMS, a token made over the API — is still there after a SIGKILL, and a token
 * made by the CLI (another process) works at once.
 */

const CLI = fileURLToPath(new URL("../../dist/cli/main.js", import.meta.url));
let rig: ProcessRig;
let port: number;
let admin: string;

async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, "127.0.0.1", r));
  const p = (s.address() as { port: number }).port;
  await new Promise((r) => s.close(r));
  return p;
}

function startRun(): ChildProcess {
  return spawn(process.execPath, [CLI, "run", "--config", rig.configPath], {
    stdio: ["ignore", "ignore", "pipe"],
    env: { ...process.env, SMSGW_LOG_LEVEL: "warn" },
  });
}

async function killed(p: ChildProcess): Promise<void> {
  if (p.exitCode !== null) return;
  const gone = new Promise((r) => p.once("exit", r));
  p.kill("SIGKILL");
  await gone;
}

const api = (path: string, init: RequestInit & { token?: string } = {}) =>
  fetch(`http://127.0.0.1:${port}${path}`, {
    ...init,
    headers: {
      authorization: `Bearer ${init.token ?? admin}`,
      ...(init.body === undefined ? {} : { "content-type": "application/json" }),
    },
  });

async function whenListening(): Promise<void> {
  await expect
    .poll(async () => (await api("/api/v1/modem").catch(() => undefined))?.status, {
      timeout: 60_000,
      interval: 100,
    })
    .toBe(200);
  await rig.client.waitForTopic("smsgw/modem", (j) => j.state === "ready", 60_000);
}

beforeAll(async () => {
  port = await freePort();
  rig = await startProcessRig({
    name: "httpmore",
    observerId: "httpmore-observer",
    mqtt: ["  clientId: smsgw-httpmore-test"],
    more: [
      "sms:",
      "  deliveryReports: false",
      "  optOut: { enabled: true }",
      "http:",
      "  enabled: true",
      `  port: ${port}`,
    ],
  });
  const { stdout } = await promisify(execFile)(process.execPath, [
    CLI,
    "token",
    "create",
    "--store-dir",
    join(rig.dir, "data"),
    "--name",
    "ops",
    "--scope",
    "admin",
  ]);
  admin = stdout.trim();
});

afterAll(() => rig?.dispose());

describe("the HTTP API's durable answers, across a SIGKILL", () => {
  it("a batch, an opt-out by SMS and an API-made token all survive", async () => {
    const first = startRun();
    let made: { id: string; token: string };
    try {
      await whenListening();
      const batch = await api("/api/v1/batches", {
        method: "POST",
        body: JSON.stringify({
          id: "nightly",
          text: "Hello {{to}}",
          recipients: ["+491705550001", "+491705550002", "+491705550003"],
          notBefore: "2099-01-01T00:00:00Z",
        }),
      });
      expect(batch.status).toBe(202);
      made = (await (
        await api("/api/v1/tokens", {
          method: "POST",
          body: JSON.stringify({ name: "shop", scopes: ["messages:read"] }),
        })
      ).json()) as { id: string; token: string };
      rig.sim.deliverSms({ from: "+491705550009", text: "STOP" });
      await rig.client.waitForTopic("smsgw/received", (j) => j.optOut === "stop", 30_000);
    } finally {
      await killed(first);
    }

    const second = startRun();
    try {
      await whenListening();
      const progress = (await (await api("/api/v1/batches/nightly")).json()) as {
        counts: Record<string, number>;
      };
      expect(progress.counts).toMatchObject({ queued: 3, missing: 0 });
      const optOuts = (await (await api("/api/v1/opt-outs")).json()) as {
        optOuts: Array<{ number: string }>;
      };
      expect(optOuts.optOuts.map((e) => e.number)).toEqual(["+491705550009"]);
      const refused = await api("/api/v1/messages", {
        method: "POST",
        body: JSON.stringify({ to: "+491705550009", text: "still there?" }),
      });
      expect(await refused.json()).toMatchObject({ error: { code: "sms.opted-out" } });
      expect((await api("/api/v1/modem", { token: made.token })).status).toBe(200);
    } finally {
      await killed(second);
    }
  }, 120_000);
});
