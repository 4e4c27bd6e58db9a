import { cp, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach } from "vitest";

const made: string[] = [];

/** A fresh directory under the OS temp dir, removed after the test. */
export async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "smsgw-store-"));
  made.push(dir);
  return dir;
}

/**
 * What a power cut right now would leave: a copy of the directory's files as they are on
 * disk at this moment (taken while the store is still open).
 */
export async function crashImage(dir: string): Promise<string> {
  const copy = await tempDir();
  await cp(dir, copy, { recursive: true });
  return copy;
}

afterEach(async () => {
  for (const dir of made.splice(0)) await rm(dir, { recursive: true, force: true });
});
