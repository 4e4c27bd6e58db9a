import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { Store } from "../../src/store/index.js";
import { emptyQueue, message, type QueueDoc } from "./support/queue-doc.js";
import { tempDir } from "./support/temp-dir.js";

afterEach(() => {
  vi.useRealTimers();
});

describe("the store", () => {
  it("moves a finished message from the live state to the history", async () => {
    const dir = await tempDir();
    const store = await Store.open<QueueDoc, { id: string; status: string }>({
      dir,
      defaults: emptyQueue,
    });
    await store.update((d) => {
      d.outbox.a = message("a");
    });
    await store.appendHistory({ id: "a", status: "delivered" });
    await store.update((d) => {
      delete d.outbox.a;
    });
    await store.close();
    const again = await Store.open<QueueDoc, { id: string; status: string }>({
      dir,
      defaults: emptyQueue,
    });
    expect(again.data.outbox).toEqual({});
    expect((await again.history.find((r) => r.id === "a"))?.record.status).toBe("delivered");
    await again.close();
  });

  it("surfaces a recovery at start-up through recovered and recovery", async () => {
    const dir = await tempDir();
    const store = await Store.open<QueueDoc>({ dir, defaults: emptyQueue });
    await store.update((d) => {
      d.outbox.a = message("a");
    });
    await store.close();
    await writeFile(join(dir, "live.json"), "{trunc");
    const again = await Store.open<QueueDoc>({ dir, defaults: emptyQueue });
    expect(again.recovered).toBe(true);
    expect(again.recovery[0]?.kind).toBe("backup");
    expect(Object.keys(again.data.outbox)).toEqual(["a"]);
    await again.close();
  });

  it("refuses new work past its capacity with the configured code", async () => {
    const store = await Store.open<QueueDoc>({
      dir: await tempDir(),
      defaults: emptyQueue,
      capacity: { limit: 1, count: (d) => Object.keys(d.outbox).length, code: "sms.queue-full" },
    });
    await store.update((d) => {
      d.outbox.a = message("a");
    });
    expect(store.room()).toBe(0);
    await expect(store.update(() => {}, { adds: 1 })).rejects.toMatchObject({
      code: "sms.queue-full",
    });
    await store.close();
  });

  it("completes durable writes while a test runs on fake timers", async () => {
    const store = await Store.open<QueueDoc>({ dir: await tempDir(), defaults: emptyQueue });
    vi.useFakeTimers();
    await store.update((d) => {
      d.concatRef = 9;
    });
    await store.appendHistory({ id: "x" });
    vi.useRealTimers();
    expect(store.data.concatRef).toBe(9);
    await store.close();
  });
});
