import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { DurableFile } from "../../src/store/index.js";
import { emptyQueue, message, type QueueDoc } from "./support/queue-doc.js";
import { tempDir } from "./support/temp-dir.js";

/** Bytes one enqueue hands to the filesystem with `depth` messages already queued. */
async function bytesForOneEnqueue(depth: number): Promise<number> {
  const file = await DurableFile.open<QueueDoc>(join(await tempDir(), "live.json"), emptyQueue, {
    compactMinBytes: 64 << 20, // keep snapshots out of this measurement
  });
  await file.update((d) => {
    for (let i = 0; i < depth; i++) d.outbox[`m${i}`] = message(`m${i}`, "x".repeat(160));
  });
  const before = file.stats.bytesWritten;
  await file.update((d) => {
    d.outbox.new = message("new", "x".repeat(160));
  });
  const bytes = file.stats.bytesWritten - before;
  await file.close();
  return bytes;
}

describe("write volume", () => {
  it("writes the same bytes for an enqueue at depth 10 and at depth 5,000", async () => {
    const shallow = await bytesForOneEnqueue(10);
    const deep = await bytesForOneEnqueue(5_000);
    expect(deep).toBe(shallow);
    expect(shallow).toBeLessThan(400);
  });

  it("rewrites the snapshot only once the journal is as large as it", async () => {
    const file = await DurableFile.open<QueueDoc>(join(await tempDir(), "live.json"), emptyQueue, {
      compactMinBytes: 1,
    });
    await file.update((d) => {
      for (let i = 0; i < 100; i++) d.outbox[`m${i}`] = message(`m${i}`, "x".repeat(160));
    });
    await file.compact();
    const snapshots = file.stats.snapshots;
    for (let i = 0; i < 50; i++) {
      await file.update((d) => {
        d.outbox[`n${i}`] = message(`n${i}`);
      });
    }
    // 50 records of ~120 bytes stay below a ~25 KB snapshot: no rewrite yet.
    expect(file.stats.snapshots).toBe(snapshots);
    await file.close();
  });
});
