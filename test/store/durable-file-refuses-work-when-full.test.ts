import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { DurableFile } from "../../src/store/index.js";
import { emptyQueue, message, type QueueDoc } from "./support/queue-doc.js";
import { tempDir } from "./support/temp-dir.js";

const capacity = { limit: 3, count: (d: QueueDoc) => Object.keys(d.outbox).length };

describe("capacity", () => {
  it("refuses an update that would go past the limit with store.full, changing nothing", async () => {
    const file = await DurableFile.open<QueueDoc>(join(await tempDir(), "live.json"), emptyQueue, {
      capacity,
    });
    for (const id of ["a", "b", "c"]) {
      await file.update(
        (d) => {
          d.outbox[id] = message(id);
        },
        { adds: 1 },
      );
    }
    const err = await file
      .update(
        (d) => {
          d.outbox.d = message("d");
        },
        { adds: 1 },
      )
      .catch((e: unknown) => e);
    expect(err).toMatchObject({ code: "store.full", details: { used: 3, limit: 3, adding: 1 } });
    expect(Object.keys(file.data.outbox)).toEqual(["a", "b", "c"]);
    await file.close();
  });

  it("uses the caller's error code (the SMS service's sms.queue-full)", async () => {
    const file = await DurableFile.open<QueueDoc>(join(await tempDir(), "live.json"), emptyQueue, {
      capacity: { ...capacity, limit: 0, code: "sms.queue-full" },
    });
    await expect(file.update(() => {}, { adds: 2 })).rejects.toMatchObject({
      code: "sms.queue-full",
    });
    await file.close();
  });

  it("says how much room is left", async () => {
    const file = await DurableFile.open<QueueDoc>(join(await tempDir(), "live.json"), emptyQueue, {
      capacity,
    });
    await file.update((d) => {
      d.outbox.a = message("a");
    });
    expect(file.room()).toBe(2);
    await file.close();
  });
});
