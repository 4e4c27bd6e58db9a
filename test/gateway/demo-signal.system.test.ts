import { spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { TestClient } from "../mqtt/support/client.js";

const CLI = fileURLToPath(new URL("../../dist/cli/main.js", import.meta.url));

describe("smsgw demo's signal command", () => {
  it("shows the new signal on <base>/modem at once, not at the next minute's read", async () => {
    const cwd = await mkdtemp(join(tmpdir(), "smsgw-demo-signal-"));
    const proc = spawn(process.execPath, [CLI, "demo", "--port", "0", "--http-port", "0"], {
      cwd,
      stdio: ["pipe", "pipe", "pipe"],
    });
    const rl = createInterface({ input: proc.stdout });
    const url = new Promise<string>((resolve) =>
      rl.on("line", (l) => {
        const m = /mqtt:\/\/127\.0\.0\.1:\d+/.exec(l);
        if (m !== null) resolve(m[0]);
      }),
    );
    let client: TestClient | undefined;
    try {
      client = await TestClient.connect(await url, ["smsgw/modem"]);
      await client.waitForTopic("smsgw/modem", (j) => j.state === "ready", 30_000);
      proc.stdin.write("signal 4\n");
      // The modem's own AT+CSQ interval is a minute; 10 s is "at once" with room for a busy CI.
      const m = await client.waitForTopic(
        "smsgw/modem",
        (j) => (j.signal as { rssi?: number } | null)?.rssi === 4,
        10_000,
      );
      expect((m.json as { signal: { rssi: number } }).signal.rssi).toBe(4);
    } finally {
      await client?.close();
      const code = new Promise<number | null>((r) => proc.once("exit", (c) => r(c)));
      proc.kill("SIGINT");
      await code;
      await rm(cwd, { recursive: true, force: true });
    }
  });
});
