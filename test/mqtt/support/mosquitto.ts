import { type ChildProcess, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { createServer, Socket } from "node:net";
import { tmpdir, userInfo } from "node:os";
import { join } from "node:path";

const BINARY = ["/usr/sbin/mosquitto", "/usr/bin/mosquitto", "/usr/local/sbin/mosquitto"].find(
  (p) => existsSync(p),
);

export const hasMosquitto = BINARY !== undefined;

/** A free loopback port (bound, then released). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const a = s.address();
      const port = typeof a === "object" && a !== null ? a.port : 0;
      s.close(() => resolve(port));
    });
  });
}

async function waitForPort(port: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const ok = await new Promise<boolean>((resolve) => {
      const sock = new Socket();
      const done = (ok: boolean) => {
        sock.destroy();
        resolve(ok);
      };
      sock.once("connect", () => done(true));
      sock.once("error", () => done(false));
      sock.connect(port, "127.0.0.1");
    });
    if (ok) return;
    if (Date.now() > deadline) throw new Error(`mosquitto did not listen on ${port}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/**
 * A real mosquitto on a free loopback port with a temp config and persistence, so sessions
 * (and the messages queued for them) survive `restart()` as they do on a real broker.
 */
export class Mosquitto {
  private proc: ChildProcess | undefined;

  private constructor(
    readonly port: number,
    private readonly dir: string,
  ) {}

  /**
   * `auth`: lines that replace `allow_anonymous true` (a password and ACL file, say), given the
   * broker's temp dir; `prepare` writes the files they name there before the broker starts.
   */
  static async start(
    opts: { auth?: (dir: string) => string[]; prepare?: (dir: string) => Promise<void> } = {},
  ): Promise<Mosquitto> {
    if (BINARY === undefined)
      throw new Error("mosquitto is not installed (apt-get install -y mosquitto)");
    const dir = await mkdtemp(join(tmpdir(), "smsgw-mosquitto-"));
    const m = new Mosquitto(await freePort(), dir);
    await opts.prepare?.(dir);
    await writeFile(
      join(dir, "mosquitto.conf"),
      [
        `listener ${m.port} 127.0.0.1`,
        ...(opts.auth?.(dir) ?? ["allow_anonymous true"]),
        // Started as root, mosquitto switches to user "mosquitto", which cannot write the
        // persistence file into our temp dir: stay the user we are.
        `user ${userInfo().username}`,
        "persistence true",
        `persistence_location ${dir}/`,
        "max_queued_messages 100000",
        "",
      ].join("\n"),
    );
    await m.run();
    return m;
  }

  get url(): string {
    return `mqtt://127.0.0.1:${this.port}`;
  }

  private async run(): Promise<void> {
    const proc = spawn(BINARY as string, ["-c", join(this.dir, "mosquitto.conf")], {
      stdio: "ignore",
    });
    this.proc = proc;
    await waitForPort(this.port, 10_000);
  }

  /** Graceful stop (SIGTERM: mosquitto saves its sessions) and wait for the exit. */
  async stop(): Promise<void> {
    const proc = this.proc;
    this.proc = undefined;
    if (proc === undefined || proc.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      proc.once("exit", () => resolve());
      proc.kill("SIGTERM");
    });
  }

  async restart(): Promise<void> {
    await this.stop();
    await this.run();
  }

  async dispose(): Promise<void> {
    await this.stop();
    await rm(this.dir, { recursive: true, force: true });
  }
}
