import { appendFile, readdir } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { HistoryLog } from "../../src/store/index.js";
import { tempDir } from "./support/temp-dir.js";

const DAY = 86_400_000;

function clock(start = Date.parse("2025-03-01T12:00:00Z")) {
  let t = start;
  return { now: () => t, advance: (ms: number) => (t += ms) };
}

describe("the history log", () => {
  it("returns what was appended, newest first", async () => {
    const c = clock();
    const h = await HistoryLog.open<{ id: string }>({ dir: await tempDir(), now: c.now });
    await h.append({ id: "a" });
    c.advance(1000);
    await h.append([{ id: "b" }, { id: "c" }]);
    const got = await h.query();
    expect(got.map((e) => e.record.id)).toEqual(["c", "b", "a"]);
    expect(got[2]?.at).toBe(Date.parse("2025-03-01T12:00:00Z"));
    await h.close();
  });

  it("filters by time and predicate, up to a limit, and finds the newest match", async () => {
    const c = clock();
    const h = await HistoryLog.open<{ id: string; to: string }>({
      dir: await tempDir(),
      now: c.now,
    });
    for (let i = 0; i < 10; i++) {
      await h.append({ id: `m${i}`, to: i % 2 === 0 ? "even" : "odd" });
      c.advance(60_000);
    }
    const since = Date.parse("2025-03-01T12:05:00Z");
    const odd = await h.query({ since, filter: (r) => r.to === "odd", limit: 2 });
    expect(odd.map((e) => e.record.id)).toEqual(["m9", "m7"]);
    expect((await h.find((r) => r.id === "m3"))?.record.to).toBe("odd");
    await h.close();
  });

  it("starts a new file past the size limit", async () => {
    const dir = await tempDir();
    const h = await HistoryLog.open<{ text: string }>({
      dir,
      maxFileBytes: 1000,
      now: clock().now,
    });
    for (let i = 0; i < 10; i++) await h.append({ text: "x".repeat(300) });
    expect((await h.files()).length).toBeGreaterThanOrEqual(3);
    expect((await h.query()).length).toBe(10);
    await h.close();
  });

  it("starts a new file each day and drops files older than the retention as it rotates", async () => {
    const c = clock();
    const h = await HistoryLog.open<{ day: number }>({
      dir: await tempDir(),
      retentionDays: 3,
      now: c.now,
    });
    for (let day = 0; day < 6; day++) {
      await h.append({ day });
      c.advance(DAY);
    }
    // At day 5's rotation the day 0 and day 1 files had ended ≥ 3 days before.
    expect((await h.query()).map((e) => e.record.day)).toEqual([5, 4, 3, 2]);
    await h.close();
  });

  it("prunes on demand (housekeeping) without an append", async () => {
    const c = clock();
    const h = await HistoryLog.open<{ day: number }>({
      dir: await tempDir(),
      retentionDays: 3,
      now: c.now,
    });
    await h.append({ day: 0 });
    c.advance(DAY);
    await h.append({ day: 1 });
    expect(await h.prune()).toEqual([]);
    c.advance(3 * DAY);
    expect(await h.prune()).toHaveLength(1);
    expect((await h.query()).map((e) => e.record.day)).toEqual([1]);
    await h.close();
  });

  it("keeps at most maxFiles files, dropping the oldest", async () => {
    const c = clock();
    const h = await HistoryLog.open<{ n: number }>({
      dir: await tempDir(),
      maxFiles: 2,
      now: c.now,
    });
    for (let n = 0; n < 5; n++) {
      await h.append({ n });
      c.advance(DAY);
    }
    expect((await h.files()).length).toBe(2);
    expect((await h.query()).map((e) => e.record.n)).toEqual([4, 3]);
    await h.close();
  });

  it("skips a line torn by a crash and keeps appending after it", async () => {
    const c = clock();
    const dir = await tempDir();
    const h = await HistoryLog.open<{ id: string }>({ dir, now: c.now });
    await h.append({ id: "a" });
    await h.close();
    const [name] = await readdir(dir);
    await appendFile(`${dir}/${name}`, '{"at":1,"r":{"id":"to');
    const again = await HistoryLog.open<{ id: string }>({ dir, now: c.now });
    await again.append({ id: "b" });
    expect((await again.query()).map((e) => e.record.id)).toEqual(["b", "a"]);
    await again.close();
  });
});
