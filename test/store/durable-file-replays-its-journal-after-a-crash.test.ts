import { readFile, truncate, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { DurableFile } from "../../src/store/index.js";
import { emptyQueue, message, type QueueDoc } from "./support/queue-doc.js";
import { crashImage, tempDir } from "./support/temp-dir.js";

const open = (dir: string) => DurableFile.open<QueueDoc>(join(dir, "live.json"), emptyQueue);

/** Three journal records after the snapshot, then a crash (the file is never closed). */
async function crashedAfterThreeWrites(): Promise<{ dir: string; close: () => Promise<void> }> {
  const dir = await tempDir();
  const file = await open(dir);
  for (const id of ["a", "b", "c"]) {
    await file.update((d) => {
      d.outbox[id] = message(id);
    });
  }
  return { dir: await crashImage(dir), close: () => file.close() };
}

describe("journal replay", () => {
  it("rebuilds every acknowledged change written after the last snapshot", async () => {
    const { dir, close } = await crashedAfterThreeWrites();
    const file = await open(dir);
    expect(Object.keys(file.data.outbox)).toEqual(["a", "b", "c"]);
    expect(file.recovered).toBe(false);
    await file.close();
    await close();
  });

  it("ignores a last record cut off mid-write and keeps the ones before", async () => {
    const { dir, close } = await crashedAfterThreeWrites();
    const journal = join(dir, "live.json.journal");
    const text = await readFile(journal, "utf8");
    await truncate(journal, text.length - 20);
    const file = await open(dir);
    expect(Object.keys(file.data.outbox)).toEqual(["a", "b"]);
    // An interrupted write was never acknowledged: nothing to shout about.
    expect(file.recovered).toBe(false);
    await file.close();
    await close();
  });

  it("keeps appending correctly after a torn record (the next start sees the new records)", async () => {
    const { dir, close } = await crashedAfterThreeWrites();
    const journal = join(dir, "live.json.journal");
    await truncate(journal, (await readFile(journal, "utf8")).length - 5);
    const file = await open(dir);
    await file.update((d) => {
      d.outbox.d = message("d");
    });
    const again = await open(await crashImage(dir));
    expect(Object.keys(again.data.outbox)).toEqual(["a", "b", "d"]);
    await again.close();
    await file.close();
    await close();
  });

  it("reports loudly when a damaged record sits before intact ones", async () => {
    const { dir, close } = await crashedAfterThreeWrites();
    const journal = join(dir, "live.json.journal");
    const lines = (await readFile(journal, "utf8")).split("\n");
    lines[1] = (lines[1] as string).replace("hello", "jello"); // CRC no longer matches
    await writeFile(journal, lines.join("\n"));
    const file = await open(dir);
    expect(Object.keys(file.data.outbox)).toEqual(["a"]);
    expect(file.recovered).toBe(true);
    expect(file.recovery[0]).toMatchObject({ kind: "journal" });
    expect(file.recovery[0]?.message).toMatch(/1 later line\(s\) dropped/);
    await file.close();
    await close();
  });

  it("folds the journal into a new snapshot at start-up", async () => {
    const { dir, close } = await crashedAfterThreeWrites();
    const file = await open(dir);
    expect(file.stats.journalBytes).toBe(0);
    await file.close();
    await close();
  });
});
