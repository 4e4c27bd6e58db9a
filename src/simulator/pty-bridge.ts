import { type ChildProcess, spawn } from "node:child_process";
import { lstat } from "node:fs/promises";
import path from "node:path";
import { Duplex } from "node:stream";
import { SmsgwError } from "../errors.js";

export interface PtyBridge {
  /** The symlink to the slave side (what a serial port opens). */
  readonly path: string;
  close(): Promise<void>;
}

/**
 * Makes a real pseudo-terminal at `linkPath` with socat (`PTY,link=…,raw,echo=0` ⇄ STDIO) and
 * connects its master side to the simulator, so the native serialport path can be tested.
 * If socat dies it is started again (the link then points at a new PTY).
 */
export async function startPtyBridge(
  attach: (stream: Duplex) => void,
  linkPath: string,
  opts: { socat?: string } = {},
): Promise<PtyBridge> {
  const link = path.resolve(linkPath);
  // socat address syntax: these characters would split or reinterpret the address.
  if (/[,!:;'"\s]/.test(link)) {
    throw new SmsgwError(
      "transport.pty",
      `PTY path must not contain , ! : ; quotes or spaces: ${link}`,
    );
  }
  const socat = opts.socat ?? "socat";
  let closed = false;
  let child: ChildProcess | undefined;

  const start = (): Promise<void> =>
    new Promise((resolve, reject) => {
      const proc = spawn(socat, ["-d", "-d", `PTY,link=${link},raw,echo=0`, "STDIO"], {
        stdio: ["pipe", "pipe", "pipe"],
      });
      child = proc;
      let ready = false;
      let stderr = "";
      proc.stderr.setEncoding("utf8");
      proc.stderr.on("data", (text: string) => {
        stderr += text;
        // socat -d -d logs "PTY is /dev/pts/N" *before* it makes the link; the transfer loop
        // starts after both addresses are open, so the link exists by then.
        if (!ready && stderr.includes("starting data transfer loop")) {
          ready = true;
          attach(Duplex.from({ readable: proc.stdout, writable: proc.stdin }));
          void waitForLink(link).then(resolve, reject);
        }
        if (stderr.length > 8192) stderr = stderr.slice(-4096);
      });
      proc.on("error", (err) => {
        if (!ready) {
          reject(
            new SmsgwError(
              "transport.pty",
              `cannot start socat (is it installed?): ${err.message}`,
              {
                cause: err,
              },
            ),
          );
        }
      });
      proc.on("exit", (code) => {
        if (!ready) {
          reject(new SmsgwError("transport.pty", `socat exited with ${code}: ${stderr.trim()}`));
          return;
        }
        if (!closed) setTimeout(() => void start().catch(() => {}), 500);
      });
    });

  await start();
  return {
    path: link,
    close: () =>
      new Promise<void>((resolve) => {
        closed = true;
        const proc = child;
        if (proc === undefined || proc.exitCode !== null || proc.signalCode !== null) {
          resolve();
          return;
        }
        proc.once("exit", () => resolve());
        proc.kill("SIGTERM");
      }),
  };
}

/** The symlink should exist already; allow socat a moment on a loaded machine. */
async function waitForLink(link: string): Promise<void> {
  for (let i = 0; i < 100; i++) {
    try {
      await lstat(link);
      return;
    } catch {
      await new Promise((r) => setTimeout(r, 20));
    }
  }
  throw new SmsgwError("transport.pty", `socat did not create ${link}`);
}
