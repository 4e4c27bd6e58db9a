import { readFile, realpath } from "node:fs/promises";
import path from "node:path";

/**
 * The host checks read a filesystem below `root` ("/" on a real host; a temp dir in tests, with
 * fake /boot/firmware, /proc and /dev trees). Paths shown to the user are host paths (`/dev/ttyS0`).
 */
export interface HostFs {
  root: string;
}

/** Host path → the path to open under the root. */
export function inRoot(fs: HostFs, hostPath: string): string {
  return path.join(fs.root, path.resolve("/", hostPath));
}

/** A real path under the root → the host path it stands for. */
export function outOfRoot(fs: HostFs, real: string): string {
  const root = path.resolve(fs.root);
  if (root === "/") return real;
  const rel = path.relative(root, real);
  return rel.startsWith("..") ? real : `/${rel}`;
}

export async function readText(file: string): Promise<string | undefined> {
  try {
    return await readFile(file, "utf8");
  } catch {
    return undefined;
  }
}

/** The first of the host paths that exists, with its text. */
export async function firstExisting(
  fs: HostFs,
  hostPaths: readonly string[],
): Promise<{ path: string; text: string } | undefined> {
  for (const p of hostPaths) {
    const text = await readText(inRoot(fs, p));
    if (text !== undefined) return { path: p, text };
  }
  return undefined;
}

/** Resolves symlinks (`/dev/serial0` → `/dev/ttyS0`) inside the root; undefined when missing. */
export async function resolveDevice(fs: HostFs, hostPath: string): Promise<string | undefined> {
  try {
    return outOfRoot(fs, await realpath(inRoot(fs, hostPath)));
  } catch {
    return undefined;
  }
}
