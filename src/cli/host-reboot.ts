import { execFile } from "node:child_process";

/** Runs a program and resolves when it exits 0 (tests pass a fake). */
export type CommandRunner = (file: string, args: readonly string[]) => Promise<void>;

const execRunner: CommandRunner = (file, args) =>
  new Promise((resolve, reject) => {
    execFile(file, [...args], { timeout: 30_000 }, (err) => (err ? reject(err) : resolve()));
  });

/**
 * The web UI's host reboot: `systemctl reboot`, offered only when the gateway runs as a
 * systemd service (systemd sets INVOCATION_ID for its units, as on the SD image, where the
 * service may reboot the Pi). Anywhere else (a terminal, the demo, tests) there is none.
 */
export function hostReboot(
  env: Record<string, string | undefined>,
  run: CommandRunner = execRunner,
): (() => Promise<void>) | undefined {
  if (env.INVOCATION_ID === undefined || env.INVOCATION_ID === "") return undefined;
  return () => run("systemctl", ["reboot"]);
}
