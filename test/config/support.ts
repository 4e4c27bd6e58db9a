import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach } from "vitest";
import { SmsgwError } from "../../src/errors.js";

const dirs: string[] = [];

afterEach(async () => {
  for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true });
});

/** A temp dir with the given files; removed after the test. */
export async function tempFiles(files: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "smsgw-config-"));
  dirs.push(dir);
  for (const [name, text] of Object.entries(files)) await writeFile(join(dir, name), text);
  return dir;
}

/** The issues of the config.invalid error a promise rejects with. */
export async function issuesOf(
  p: Promise<unknown>,
): Promise<Array<{ path: string; message: string }>> {
  try {
    await p;
  } catch (err) {
    if (err instanceof SmsgwError && err.code === "config.invalid")
      return err.details.issues as Array<{ path: string; message: string }>;
    throw err;
  }
  throw new Error("expected config.invalid, but the config was accepted");
}
