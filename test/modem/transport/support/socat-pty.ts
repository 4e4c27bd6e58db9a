import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { rmSync } from "node:fs";
import path from "node:path";

export interface PtyPair {
  a: string;
  b: string;
  proc: ChildProcess;
  /** Kill socat (both PTYs vanish, like a USB modem unplugged) and wait for it to exit. */
  kill(): Promise<void>;
}

/**
 * Two linked pseudo-terminals made by socat, like a null-modem cable:
 * `socat -d -d pty,raw,echo=0,link=<dir>/a pty,raw,echo=0,link=<dir>/b`.
 * Resolves once socat reports its transfer loop (both links exist).
 */
export async function openPtyPair(dir: string, timeoutMs = 10_000): Promise<PtyPair> {
  const a = path.join(dir, "a");
  const b = path.join(dir, "b");
  const proc = spawn(
    "socat",
    ["-d", "-d", `pty,raw,echo=0,link=${a}`, `pty,raw,echo=0,link=${b}`],
    {
      stdio: ["ignore", "ignore", "pipe"],
    },
  );
  let log = "";
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`socat not ready:\n${log}`)), timeoutMs);
    proc.once("error", (err) => {
      clearTimeout(timer);
      reject(err);
    });
    proc.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`socat exited with ${String(code)}:\n${log}`));
    });
    proc.stderr!.on("data", (chunk: Buffer) => {
      log += chunk.toString();
      if (log.includes("starting data transfer loop")) {
        clearTimeout(timer);
        proc.removeAllListeners("exit");
        resolve();
      }
    });
  });
  return {
    a,
    b,
    proc,
    kill: async () => {
      if (proc.exitCode !== null || proc.signalCode !== null) return;
      const exited = once(proc, "exit");
      // SIGKILL: under the test runner's forked workers socat may inherit an ignored SIGTERM.
      proc.kill("SIGKILL");
      await exited;
      // socat had no chance to remove its links; a new pair must be able to take the names.
      for (const link of [a, b]) rmSync(link, { force: true });
    },
  };
}
