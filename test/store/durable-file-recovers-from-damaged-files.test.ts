import { readdir, readFile, rm, truncate, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { DurableFile } from "../../src/store/index.js";
import { emptyQueue, message, type QueueDoc } from "./support/queue-doc.js";
import { tempDir } from "./support/temp-dir.js";

const open = (dir: string, opts = {}) =>
  DurableFile.open<QueueDoc>(join(dir, "live.json"), emptyQueue, opts);

/** A store with two snapshots (so a backup exists) and journal records after each. */
async function storeWithHistory(): Promise<string> {
  const dir = await tempDir();
  const file = await open(dir);
  await file.update((d) => {
    d.outbox.a = message("a");
  });
  await file.compact();
  await file.update((d) => {
    d.outbox.b = message("b");
  });
  await file.compact();
  await file.update((d) => {
    d.outbox.c = message("c");
  });
  await file.close();
  return dir;
}

describe("start-up with damaged files", () => {
  it("recovers a truncated main file from the backup and the journals, losing nothing", async () => {
    const dir = await storeWithHistory();
    const main = join(dir, "live.json");
    await truncate(main, Math.floor((await readFile(main)).length / 2));
    const file = await open(dir);
    expect(Object.keys(file.data.outbox)).toEqual(["a", "b", "c"]);
    expect(file.recovered).toBe(true);
    expect(file.recovery[0]).toMatchObject({ kind: "backup", file: main });
    await file.close();
  });

  it("recovers a main file overwritten with garbage from the backup", async () => {
    const dir = await storeWithHistory();
    await writeFile(join(dir, "live.json"), "\u0000\u0017garbage{{{");
    const file = await open(dir);
    expect(Object.keys(file.data.outbox)).toEqual(["a", "b", "c"]);
    expect(file.recovery[0]?.message).toMatch(/recovered from .*live\.json\.bak/);
    await file.close();
  });

  it("catches a main file whose content changed but still parses (checksum)", async () => {
    const dir = await storeWithHistory();
    const main = join(dir, "live.json");
    await writeFile(main, (await readFile(main, "utf8")).replace('"a"', '"z"'));
    const file = await open(dir);
    expect(file.recovery[0]?.message).toMatch(/checksum/);
    expect(Object.keys(file.data.outbox)).toEqual(["a", "b", "c"]);
    await file.close();
  });

  it("recovers when the main file is missing and the backup is there", async () => {
    const dir = await storeWithHistory();
    await rm(join(dir, "live.json"));
    const file = await open(dir);
    expect(Object.keys(file.data.outbox)).toEqual(["a", "b", "c"]);
    expect(file.recovery[0]?.message).toMatch(/missing/);
    await file.close();
  });

  it("writes a good main file again after recovering, so the next start is clean", async () => {
    const dir = await storeWithHistory();
    await writeFile(join(dir, "live.json"), "{");
    await (await open(dir)).close();
    const again = await open(dir);
    expect(again.recovered).toBe(false);
    expect(Object.keys(again.data.outbox)).toEqual(["a", "b", "c"]);
    await again.close();
    expect((await readdir(dir)).some((n) => n.startsWith("live.json.corrupt-"))).toBe(true);
  });

  it("refuses to start with store.corrupt naming the file when both copies are bad", async () => {
    const dir = await storeWithHistory();
    await writeFile(join(dir, "live.json"), "garbage");
    await writeFile(join(dir, "live.json.bak"), "");
    const err = await open(dir).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: "store.corrupt" });
    expect((err as Error).message).toContain(join(dir, "live.json"));
    // Nothing was touched: a human can still look at the files.
    expect(await readFile(join(dir, "live.json"), "utf8")).toBe("garbage");
  });

  it("refuses to start when both snapshots are gone but the journal holds records", async () => {
    const dir = await storeWithHistory();
    await rm(join(dir, "live.json"));
    await rm(join(dir, "live.json.bak"));
    await expect(open(dir)).rejects.toMatchObject({ code: "store.corrupt" });
  });

  it("starts empty only when told to, moving the bad files aside and saying so", async () => {
    const dir = await storeWithHistory();
    await writeFile(join(dir, "live.json"), "garbage");
    await writeFile(join(dir, "live.json.bak"), "garbage too");
    const file = await open(dir, { onCorrupt: "start-fresh" });
    expect(file.data).toEqual(emptyQueue());
    expect(file.recovery[0]).toMatchObject({ kind: "fresh-start" });
    expect(file.recovery[0]?.movedAside?.length).toBeGreaterThanOrEqual(2);
    await file.close();
    const names = await readdir(dir);
    expect(names.filter((n) => n.includes(".corrupt-")).length).toBeGreaterThanOrEqual(2);
  });

  it("ignores and removes a temp file left by a crash mid-write", async () => {
    const dir = await storeWithHistory();
    await writeFile(join(dir, "live.json.tmp"), '{"smsgw-store":1,"sha256":"00');
    await writeFile(join(dir, "live.json.bak.tmp"), "half a copy");
    const file = await open(dir);
    expect(file.recovered).toBe(false);
    expect(Object.keys(file.data.outbox)).toEqual(["a", "b", "c"]);
    await file.close();
    expect((await readdir(dir)).filter((n) => n.endsWith(".tmp"))).toEqual([]);
  });

  it("applies a normaliser to what was read (older or damaged shapes)", async () => {
    const dir = await tempDir();
    await writeFile(join(dir, "live.json"), JSON.stringify({ outbox: { a: message("a") } }));
    const file = await open(dir, {
      normalise: (raw: unknown) => ({ ...emptyQueue(), ...(raw as Partial<QueueDoc>) }),
    });
    expect(file.data).toEqual({ outbox: { a: message("a") }, inbox: [], concatRef: 0 });
    await file.close();
  });
});
