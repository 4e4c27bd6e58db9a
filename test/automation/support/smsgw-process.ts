import { type ChildProcess, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";

const CLI = fileURLToPath(new URL("../../../dist/cli/main.js", import.meta.url));

/**
 * `smsgw run --config <path>` as its own process (the built CLI: system tests run after
 * `npm run build`). Keeps the tail of stderr so a failing test can show why the gateway died.
 */
export class SmsgwProcess {
  private stderr = "";

  private constructor(private readonly proc: ChildProcess) {
    proc.stderr?.on("data", (d: Buffer) => {
      this.stderr = (this.stderr + d.toString()).slice(-8_000);
    });
  }

  static start(configPath: string): SmsgwProcess {
    return new SmsgwProcess(
      spawn(process.execPath, [CLI, "run", "--config", configPath], {
        stdio: ["ignore", "ignore", "pipe"],
        env: { ...process.env, SMSGW_LOG_LEVEL: "warn" },
      }),
    );
  }

  get running(): boolean {
    return this.proc.exitCode === null && this.proc.signalCode === null;
  }

  /** What the process wrote to stderr lately (for failure messages). */
  get output(): string {
    return this.stderr;
  }

  /** SIGTERM (a graceful stop, as systemd does) and the exit code. */
  async stop(): Promise<number | null> {
    if (!this.running) return this.proc.exitCode;
    const exited = new Promise<number | null>((r) => this.proc.once("exit", (code) => r(code)));
    this.proc.kill("SIGTERM");
    return exited;
  }
}
