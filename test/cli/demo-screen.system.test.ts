import { spawn } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { TestClient } from "../mqtt/support/client.js";

/** What `smsgw demo` shows on its screen while a send fails once and then goes out. */

const CLI = fileURLToPath(new URL("../../dist/cli/main.js", import.meta.url));

describe("smsgw demo's screen", () => {
  it("has friendly lines only, full ids, and the JSON log in a file", async () => {
    const dir = await mkdtemp(join(tmpdir(), "smsgw-demo-screen-"));
    const proc = spawn(
      process.execPath,
      [CLI, "demo", "--port", "0", "--http-port", "0", "--data", dir],
      {
        cwd: dir,
        stdio: ["pipe", "pipe", "pipe"],
      },
    );
    const lines: string[] = [];
    const waiters: Array<() => void> = [];
    createInterface({ input: proc.stdout }).on("line", (l) => {
      lines.push(l);
      for (const w of [...waiters]) w();
    });
    const seen = (pred: (l: string) => boolean) =>
      new Promise<string>((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`no such line; got:\n${lines.join("\n")}`)),
          60_000,
        );
        const check = () => {
          const hit = lines.find(pred);
          if (hit === undefined) return;
          clearTimeout(timer);
          resolve(hit);
        };
        waiters.push(check);
        check();
      });
    let client: TestClient | undefined;
    try {
      const banner = await seen((l) => /broker on mqtt:\/\/127\.0\.0\.1:\d+/.test(l));
      const url = /mqtt:\/\/127\.0\.0\.1:\d+/.exec(banner)?.[0] as string;
      proc.stdin.write("fail 38\n");
      await seen((l) => l.includes("next send fails"));
      client = await TestClient.connect(url, []);
      await client.publish("smsgw/send/00491701234567", "hello screen");
      const sent = await seen((l) => l.includes("[sent]"));
      const warning = await seen((l) => l.includes("⚠️"));
      const id = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/.exec(sent)?.[0];
      const log = await readFile(join(dir, "smsgw-demo.log"), "utf8");
      expect([
        lines.filter((l) => l.trimStart().startsWith("{")),
        id !== undefined,
        warning.includes("+CMS ERROR 38"),
        log.includes(
          '"msg":"modem or network could not send; sending paused, message stays queued"',
        ),
      ]).toEqual([[], true, true, true]);
    } finally {
      await client?.close();
      const code = new Promise<number | null>((r) => proc.once("exit", (c) => r(c)));
      proc.kill("SIGINT");
      await code;
      await rm(dir, { recursive: true, force: true });
    }
  });
});
