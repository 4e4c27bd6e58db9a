import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { DurableFile } from "../../src/store/index.js";
import { emptyQueue, message, type QueueDoc } from "./support/queue-doc.js";
import { crashImage, tempDir } from "./support/temp-dir.js";

const NO_SNAPSHOTS = 64 << 20;

async function open(dir: string, verifyTouches: boolean) {
  return DurableFile.open<QueueDoc>(join(dir, "live.json"), emptyQueue, {
    compactMinBytes: NO_SNAPSHOTS,
    verifyTouches,
  });
}

/** What a restart from the files on disk right now would load. */
async function reloaded(dir: string): Promise<QueueDoc> {
  const copy = await crashImage(dir);
  const file = await open(copy, false);
  const data = structuredClone(file.data);
  await file.close();
  return data;
}

describe("a write that names what it changed", () => {
  it("makes the named entries durable, as a full comparison would", async () => {
    const dir = await tempDir();
    const file = await open(dir, true);
    await file.update((d) => {
      for (let i = 0; i < 5; i++) d.outbox[`m${i}`] = message(`m${i}`);
    });
    await file.update(
      (d) => {
        const m = d.outbox.m2;
        if (m !== undefined) m.status = "sent";
        d.outbox.new = message("new");
      },
      {
        touched: [
          ["outbox", "m2"],
          ["outbox", "new"],
        ],
      },
    );
    const disk = await reloaded(dir);
    expect(disk).toEqual(file.data);
    expect(disk.outbox.m2?.status).toBe("sent");
    await file.close();
  });

  it("deletes a named entry that is gone", async () => {
    const dir = await tempDir();
    const file = await open(dir, true);
    await file.update((d) => {
      d.outbox.a = message("a");
      d.outbox.b = message("b");
    });
    await file.update(
      (d) => {
        delete d.outbox.a;
      },
      { touched: [["outbox", "a"]] },
    );
    expect(Object.keys((await reloaded(dir)).outbox)).toEqual(["b"]);
    await file.close();
  });

  it("always writes changed top-level plain values, named or not", async () => {
    const dir = await tempDir();
    const file = await open(dir, true);
    await file.update(
      (d) => {
        d.concatRef = 7;
        d.outbox.a = message("a");
      },
      { touched: [["outbox", "a"]] },
    );
    expect((await reloaded(dir)).concatRef).toBe(7);
    await file.close();
  });

  it("writes a whole key named as such (an array)", async () => {
    const dir = await tempDir();
    const file = await open(dir, true);
    await file.update((d) => d.inbox.push({ id: "i1", text: "hi" }), { touched: [["inbox"]] });
    expect((await reloaded(dir)).inbox).toEqual([{ id: "i1", text: "hi" }]);
    await file.close();
  });

  it("compares only the named entries: an unnamed change is left out of that write", async () => {
    const dir = await tempDir();
    const file = await open(dir, false);
    await file.update((d) => {
      d.outbox.a = message("a");
      d.outbox.b = message("b");
    });
    await file.update(
      (d) => {
        (d.outbox.a as { status: string }).status = "sent";
        (d.outbox.b as { status: string }).status = "sent";
      },
      { touched: [["outbox", "a"]] },
    );
    const disk = await reloaded(dir);
    expect(disk.outbox.a?.status).toBe("sent");
    expect(disk.outbox.b?.status).toBe("queued");
    await file.close();
  });

  it("compares everything again when one write of the batch named nothing", async () => {
    const dir = await tempDir();
    const file = await open(dir, true);
    await file.update((d) => {
      d.outbox.a = message("a");
      d.outbox.b = message("b");
    });
    const named = file.update((d) => ((d.outbox.a as { status: string }).status = "sent"), {
      touched: [["outbox", "a"]],
    });
    const unnamed = file.update((d) => ((d.outbox.b as { status: string }).status = "sent"));
    await Promise.all([named, unnamed]);
    expect((await reloaded(dir)).outbox.b?.status).toBe("sent");
    await file.close();
  });

  it("writes an unnamed change at the next snapshot (the full comparison is the safety net)", async () => {
    const dir = await tempDir();
    const file = await open(dir, false);
    await file.update((d) => {
      d.outbox.b = message("b");
    });
    await file.update((d) => ((d.outbox.b as { status: string }).status = "sent"), {
      touched: [],
    });
    await file.compact();
    expect((await reloaded(dir)).outbox.b?.status).toBe("sent");
    await file.close();
  });
});

describe("the verify mode (on in the tests)", () => {
  it("fails a write that changed an entry its callers did not name, naming the entry", async () => {
    const dir = await tempDir();
    const file = await open(dir, true);
    await file.update((d) => {
      d.outbox.a = message("a");
      d.outbox.forgotten = message("forgotten");
    });
    const write = file.update(
      (d) => {
        (d.outbox.a as { status: string }).status = "sent";
        (d.outbox.forgotten as { status: string }).status = "sent";
      },
      { touched: [["outbox", "a"]] },
    );
    await expect(write).rejects.toThrow(/did not name.*"outbox","forgotten"/);
    await file.close();
  });

  it("loses nothing after catching one: the next write rewrites the whole document", async () => {
    const dir = await tempDir();
    const file = await open(dir, true);
    await file.update((d) => {
      d.outbox.forgotten = message("forgotten");
    });
    await file
      .update((d) => ((d.outbox.forgotten as { status: string }).status = "sent"), { touched: [] })
      .catch(() => {});
    await file.update((d) => {
      d.concatRef = 1;
    });
    expect((await reloaded(dir)).outbox.forgotten?.status).toBe("sent");
    await file.close();
  });

  it("is on in this test run", () => {
    expect(process.env.SMSGW_STORE_VERIFY_TOUCHES).toBe("1");
  });
});
