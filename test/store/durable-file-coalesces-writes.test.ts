import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { DurableFile } from "../../src/store/index.js";
import { emptyQueue, message, type QueueDoc } from "./support/queue-doc.js";
import { crashImage, tempDir } from "./support/temp-dir.js";

describe("coalescing", () => {
  it("turns 200 updates made in the same tick into one or two writes, all resolved", async () => {
    const dir = await tempDir();
    const file = await DurableFile.open<QueueDoc>(join(dir, "live.json"), emptyQueue);
    const before = file.stats.writes;
    const done = Array.from({ length: 200 }, (_, i) =>
      file.update((d) => {
        d.outbox[`m${i}`] = message(`m${i}`);
      }),
    );
    await Promise.all(done);
    expect(file.stats.writes - before).toBeLessThanOrEqual(2);
    const copy = await DurableFile.open<QueueDoc>(
      join(await crashImage(dir), "live.json"),
      emptyQueue,
    );
    expect(Object.keys(copy.data.outbox)).toHaveLength(200);
    await copy.close();
    await file.close();
  });

  it("joins updates made while a write is in flight into the next single write", async () => {
    const dir = await tempDir();
    const file = await DurableFile.open<QueueDoc>(join(dir, "live.json"), emptyQueue);
    const before = file.stats.writes;
    const first = file.update((d) => {
      d.outbox.a = message("a");
    });
    await Promise.resolve(); // the first write has started
    await Promise.resolve();
    const later = Array.from({ length: 50 }, (_, i) =>
      file.update((d) => {
        d.outbox[`b${i}`] = message(`b${i}`);
      }),
    );
    await Promise.all([first, ...later]);
    expect(file.stats.writes - before).toBe(2);
    expect(file.stats.updates).toBeGreaterThanOrEqual(51);
    await file.close();
  });

  it("does not write when an update changed nothing", async () => {
    const file = await DurableFile.open<QueueDoc>(join(await tempDir(), "live.json"), emptyQueue);
    const before = file.stats.bytesWritten;
    await file.update(() => {});
    expect(file.stats.bytesWritten).toBe(before);
    await file.close();
  });
});
