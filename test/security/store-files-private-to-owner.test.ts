import { chmod, mkdir, readdir, stat, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Store } from "../../src/store/index.js";
import { emptyQueue, message, type QueueDoc } from "../store/support/queue-doc.js";
import { tempDir } from "../store/support/temp-dir.js";

/**
 * The finding: run by hand (umask 022), the store's files were world-readable, and they hold
 * every SMS text. Its directory is now 0700 and its files 0600 whatever the umask, and an
 * older, looser store is tightened when opened.
 */

let umask: number;
beforeAll(() => {
  umask = process.umask(0o022);
});
afterAll(() => {
  process.umask(umask);
});

const mode = async (path: string) => (await stat(path)).mode & 0o777;

async function modes(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = { ".": (await mode(dir)).toString(8) };
  for (const sub of [dir, join(dir, "history")])
    for (const name of await readdir(sub)) {
      const path = join(sub, name);
      out[path.slice(dir.length + 1)] = (await mode(path)).toString(8);
    }
  return out;
}

describe("a new store under umask 022", () => {
  it("makes its directories 0700 and every file 0600", async () => {
    const dir = join(await tempDir(), "data");
    const store = await Store.open<QueueDoc, { id: string }>({ dir, defaults: emptyQueue });
    await store.update((d) => {
      d.outbox.m1 = message("m1");
    });
    await store.appendHistory({ id: "m1" });
    await store.close();
    const all = await modes(dir);
    expect(Object.keys(all)).toEqual(
      expect.arrayContaining(["live.json", "live.json.journal", "history"]),
    );
    expect(
      Object.entries(all).filter(([p, m]) => m !== (p === "." || p === "history" ? "700" : "600")),
    ).toEqual([]);
  });
});

describe("a store an older version left readable to others", () => {
  it("is made private when opened", async () => {
    const dir = await tempDir();
    await chmod(dir, 0o755);
    await mkdir(join(dir, "history"), { mode: 0o755 });
    await writeFile(join(dir, "history", "history-20250101T000000.000Z.jsonl"), "", {
      mode: 0o644,
    });
    const first = await Store.open<QueueDoc>({ dir, defaults: emptyQueue });
    await first.close();
    await chmod(join(dir, "live.json"), 0o644);
    const store = await Store.open<QueueDoc>({ dir, defaults: emptyQueue });
    await store.close();
    expect([
      await mode(dir),
      await mode(join(dir, "live.json")),
      await mode(join(dir, "history")),
      await mode(join(dir, "history", "history-20250101T000000.000Z.jsonl")),
    ]).toEqual([0o700, 0o600, 0o700, 0o600]);
  });
});
