import { spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { TestClient } from "../mqtt/support/client.js";

const CLI = fileURLToPath(new URL("../../dist/cli/main.js", import.meta.url));

describe("smsgw demo", () => {
  it("runs with no config file: MQTT send reaches the simulator, typed SMS arrive on MQTT", async () => {
    const cwd = await mkdtemp(join(tmpdir(), "smsgw-demo-test-"));
    const proc = spawn(process.execPath, [CLI, "demo", "--port", "0"], {
      cwd,
      stdio: ["pipe", "pipe", "pipe"],
    });
    const lines: string[] = [];
    const seen = (pred: (l: string) => boolean) =>
      new Promise<string>((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`demo output never had the line; got:\n${lines.join("\n")}`)),
          60_000,
        );
        const check = () => {
          const hit = lines.find(pred);
          if (hit !== undefined) {
            clearTimeout(timer);
            resolve(hit);
            return true;
          }
          return false;
        };
        if (!check()) rl.on("line", () => check());
      });
    const rl = createInterface({ input: proc.stdout });
    rl.on("line", (l) => lines.push(l));
    let client: TestClient | undefined;
    try {
      const banner = await seen((l) => /broker on mqtt:\/\/127\.0\.0\.1:\d+/.test(l));
      const url = /mqtt:\/\/127\.0\.0\.1:\d+/.exec(banner)?.[0] as string;
      client = await TestClient.connect(url, ["smsgw/#"]);
      await client.publish("smsgw/send/00491701234567", "hello demo");
      await seen((l) => l.includes("network received") && l.includes("hello demo"));
      proc.stdin.write("sms +441234567890 typed in the demo\n");
      const m = await client.waitForTopic(
        "smsgw/received",
        (j) => j.text === "typed in the demo",
        30_000,
      );
      expect((m.json as { from: string }).from).toBe("+441234567890");
    } finally {
      await client?.close();
      const code = new Promise<number | null>((r) => proc.once("exit", (c) => r(c)));
      proc.kill("SIGINT");
      expect(await code).toBe(0);
      await rm(cwd, { recursive: true, force: true });
    }
  });

  it("serves the HTTP API with a token made for the session, shown on its screen", async () => {
    const cwd = await mkdtemp(join(tmpdir(), "smsgw-demo-test-"));
    const proc = spawn(process.execPath, [CLI, "demo", "--port", "0", "--http-port", "0"], {
      cwd,
      stdio: ["pipe", "pipe", "pipe"],
    });
    let out = "";
    const shown = (re: RegExp) =>
      new Promise<RegExpExecArray>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no ${re} in:\n${out}`)), 60_000);
        const check = () => {
          const m = re.exec(out);
          if (m === null) return;
          clearTimeout(timer);
          proc.stdout.off("data", check);
          resolve(m);
        };
        proc.stdout.on("data", (d: Buffer) => {
          out += d.toString("utf8");
          check();
        });
        check();
      });
    try {
      const url = (await shown(/HTTP API on (http:\/\/127\.0\.0\.1:\d+)/))[1] as string;
      const token = (await shown(/SMSGW_TOKEN=(smsgw_\S+)/))[1] as string;
      const unauthenticated = await fetch(`${url}/api/v1/modem`);
      expect(unauthenticated.status).toBe(401);
      const r = await fetch(`${url}/api/v1/messages`, {
        method: "POST",
        headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
        body: JSON.stringify({ to: "+491701234567", text: "hello over HTTP" }),
      });
      expect(r.status).toBe(202);
      await shown(/network received.*hello over HTTP/);
    } finally {
      const code = new Promise<number | null>((r) => proc.once("exit", (c) => r(c)));
      proc.kill("SIGINT");
      expect(await code).toBe(0);
      await rm(cwd, { recursive: true, force: true });
    }
  });
});
