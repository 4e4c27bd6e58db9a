import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { DurableFile } from "../../src/store/index.js";
import { emptyQueue, message, type QueueDoc } from "./support/queue-doc.js";
import { crashImage, tempDir } from "./support/temp-dir.js";

async function openQueue(dir: string) {
  return DurableFile.open<QueueDoc>(join(dir, "live.json"), emptyQueue);
}

describe("a durable file", () => {
  it("starts from the defaults when nothing exists, without reporting a recovery", async () => {
    const file = await openQueue(await tempDir());
    expect(file.data).toEqual(emptyQueue());
    expect(file.recovered).toBe(false);
    await file.close();
  });

  it("has a change on disk once its update resolves (a power cut right after keeps it)", async () => {
    const dir = await tempDir();
    const file = await openQueue(dir);
    await file.update((d) => {
      d.outbox.a = message("a");
    });
    const copy = await openQueue(await crashImage(dir));
    expect(copy.data.outbox.a).toEqual(message("a"));
    await copy.close();
    await file.close();
  });

  it("keeps changes in the order they were made", async () => {
    const dir = await tempDir();
    const file = await openQueue(dir);
    await file.update((d) => {
      d.inbox.push({ id: "1", text: "first" });
    });
    await file.update((d) => {
      d.inbox.push({ id: "2", text: "second" });
      d.outbox.x = message("x");
    });
    await file.update((d) => {
      d.inbox.shift();
      delete d.outbox.x;
      d.concatRef = 7;
    });
    const copy = await openQueue(await crashImage(dir));
    expect(copy.data).toEqual({ outbox: {}, inbox: [{ id: "2", text: "second" }], concatRef: 7 });
    await copy.close();
    await file.close();
  });

  it("persists a change made to a record held by reference, announced with an empty update", async () => {
    const dir = await tempDir();
    const file = await openQueue(dir);
    const rec = message("r");
    await file.update((d) => {
      d.outbox.r = rec;
    });
    rec.status = "sent";
    await file.update(() => {});
    const copy = await openQueue(await crashImage(dir));
    expect(copy.data.outbox.r?.status).toBe("sent");
    await copy.close();
    await file.close();
  });

  it("is the same after close and reopen, snapshot and journal together", async () => {
    const dir = await tempDir();
    const file = await openQueue(dir);
    await file.update((d) => {
      d.outbox.a = message("a");
    });
    await file.compact();
    await file.update((d) => {
      d.outbox.b = message("b");
    });
    await file.close();
    const again = await openQueue(dir);
    expect(Object.keys(again.data.outbox)).toEqual(["a", "b"]);
    await again.close();
  });

  it("refuses a second open of the same file in one process", async () => {
    const dir = await tempDir();
    const file = await openQueue(dir);
    await expect(openQueue(dir)).rejects.toMatchObject({ code: "store.locked" });
    await file.close();
  });

  it("rejects updates after close with store.closed", async () => {
    const file = await openQueue(await tempDir());
    await file.close();
    await expect(file.update(() => {})).rejects.toMatchObject({ code: "store.closed" });
  });

  it("rejects with the mutator's error and writes nothing for it", async () => {
    const file = await openQueue(await tempDir());
    const before = file.stats.writes;
    await expect(
      file.update(() => {
        throw new Error("bad input");
      }),
    ).rejects.toThrow("bad input");
    expect(file.stats.writes).toBe(before);
    await file.close();
  });
});
