import { open, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { startHttpGatewayTest } from "./support/http-gateway.js";

/**
 * A 202 means the message is on disk: every answer comes after an fdatasync that finished
 * while its request was open, and requests made together share the store's fsyncs (group
 * commit), so a burst of 32 costs far fewer than 32.
 */

/** The prototype of node's FileHandle (the store's journal appends and fdatasyncs through it). */
async function fileHandlePrototype(): Promise<{ datasync: () => Promise<void> }> {
  const path = join(tmpdir(), `smsgw-fh-${process.pid}`);
  const fh = await open(path, "w");
  const proto = Object.getPrototypeOf(fh) as { datasync: () => Promise<void> };
  await fh.close();
  await rm(path, { force: true });
  return proto;
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe("32 concurrent POST /api/v1/messages", () => {
  it("are each answered 202 only after an fdatasync that ended while they were open, sharing fewer than 32", async () => {
    const t = await startHttpGatewayTest();
    // Kept queued: no status changes of the modem path write in between.
    await t.h.gateway.modem.stop();
    let synced = 0;
    const proto = await fileHandlePrototype();
    const original = proto.datasync;
    vi.spyOn(proto, "datasync").mockImplementation(async function (this: unknown) {
      await original.call(this);
      synced++;
    });
    const answers = await Promise.all(
      Array.from({ length: 32 }, async (_, i) => {
        const before = synced;
        const r = await t.call("POST", "/api/v1/messages", {
          token: t.tokens.send,
          body: { to: "+491701234567", text: `burst ${i}` },
        });
        return { status: r.statusCode, syncedWhileOpen: synced - before };
      }),
    );
    expect(answers.filter((a) => a.status !== 202 || a.syncedWhileOpen < 1)).toEqual([]);
    expect(synced).toBeGreaterThan(0);
    expect(synced).toBeLessThan(32);
  });
});
