import { type ChildProcess, spawn } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";

/** The built CLI (`npm run test:system` builds first). */
export const CLI = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  "../../../dist/cli/main.js",
);

/** Starts `node dist/cli/main.js <args>`; stop() sends SIGTERM and waits for the exit. */
export function startCli(args: string[]): { child: ChildProcess; stop: () => Promise<void> } {
  const child = spawn(process.execPath, [CLI, ...args], { stdio: ["pipe", "pipe", "pipe"] });
  const stop = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      child.once("exit", () => resolve());
      child.kill("SIGTERM");
    });
  return { child, stop };
}

/** Resolves when the child's stdout has printed a line matching `re` (as in simulate-pty tests). */
export function waitForOutput(child: ChildProcess, re: RegExp, timeoutMs = 15_000): Promise<void> {
  return new Promise((resolve, reject) => {
    let buf = "";
    const timer = setTimeout(
      () => reject(new Error(`no ${re} in ${JSON.stringify(buf)}`)),
      timeoutMs,
    );
    child.stdout!.setEncoding("utf8");
    child.stdout!.on("data", (t: string) => {
      buf += t;
      if (re.test(buf)) {
        clearTimeout(timer);
        resolve();
      }
    });
  });
}

/** Runs the CLI to completion: its exit code and output. */
export function runCli(
  args: string[],
  timeoutMs = 60_000,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (t: string) => {
      stdout += t;
    });
    child.stderr.setEncoding("utf8").on("data", (t: string) => {
      stderr += t;
    });
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`smsgw ${args.join(" ")} did not finish:\n${stdout}\n${stderr}`));
    }, timeoutMs);
    child.once("error", reject);
    child.once("close", (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}
