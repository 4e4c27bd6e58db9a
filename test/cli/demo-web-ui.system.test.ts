import { spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

/** `smsgw demo` (npm start) serves the web UI and prints a login made for that run. */

const CLI = fileURLToPath(new URL("../../dist/cli/main.js", import.meta.url));

describe("smsgw demo's web UI", () => {
  it("prints the UI's address and a password for this run that logs in there", async () => {
    const dir = await mkdtemp(join(tmpdir(), "smsgw-demo-ui-"));
    const proc = spawn(process.execPath, [CLI, "demo", "--port", "0", "--http-port", "0"], {
      cwd: dir,
      stdio: ["pipe", "pipe", "pipe"],
    });
    try {
      const line = await new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error("no Web UI line")), 60_000);
        createInterface({ input: proc.stdout }).on("line", (l) => {
          if (!l.startsWith("Web UI:")) return;
          clearTimeout(timer);
          resolve(l);
        });
      });
      const m = /^Web UI: (http:\/\/127\.0\.0\.1:\d+)\/ui\/\s+password: (\S+)/.exec(line);
      expect(m).not.toBeNull();
      const [, url, password] = m as RegExpExecArray;
      const page = await fetch(`${url}/ui/`);
      const login = await fetch(`${url}/api/v1/session`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ password }),
      });
      expect([page.status, login.status, (password as string).length >= 10]).toEqual([
        200,
        200,
        true,
      ]);
    } finally {
      const code = new Promise<number | null>((r) => proc.once("exit", (c) => r(c)));
      proc.kill("SIGINT");
      await code;
      await rm(dir, { recursive: true, force: true });
    }
  });
});
