import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { openSmsStore } from "../../../src/sms/store-adapter.js";
import type { InboundMessage } from "../../../src/sms/types.js";
import { startGateway } from "../helpers/gateway.js";

/**
 * A STOP stored in the inbox whose change to the opt-out list never happened (a crash between
 * the two writes) is applied at the next start, before any send is decided.
 */

const stop: InboundMessage = {
  id: "in-stop",
  from: "+491707770001",
  text: "Stop",
  receivedAt: "2026-01-01T00:00:00.000Z",
  smsc: null,
  parts: 1,
  complete: true,
  encoding: "gsm7",
  class: null,
};

describe("a keyword SMS left unapplied by a crash", () => {
  it("is applied at start: the sender is on the list and the stored message flagged", async () => {
    const dir = await mkdtemp(join(tmpdir(), "httpmore-optout-crash-"));
    const before = await openSmsStore(dir);
    await before.update((d) => {
      d.inbox.push({ ...stop });
    });
    await before.close?.();
    const gw = await startGateway({ dir, options: { optOut: { enabled: true } } });
    try {
      expect(gw.service.optOuts().map((e) => e.number)).toEqual(["+491707770001"]);
      expect(gw.service.pendingInbound()[0]).toMatchObject({ id: "in-stop", optOut: "stop" });
      const [m] = await gw.service.send({ to: "+491707770001", text: "hi" });
      expect(m?.error?.code).toBe("sms.opted-out");
    } finally {
      await gw.dispose();
    }
  });
});
