import { join } from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { encodeDeliver } from "../../../src/sms/pdu/index.js";
import { openSmsStore } from "../../../src/sms/store-adapter.js";
import { type Gateway, startGateway, storeText, until, useFakeClock } from "../helpers/gateway.js";

async function reopenedInbox(dir: string) {
  const store = await openSmsStore(dir);
  const inbox = store.data.inbox;
  await store.close?.();
  return inbox;
}

let gw: Gateway;
afterEach(async () => {
  await gw.dispose();
  vi.useRealTimers();
});

const FROM = "+491709876543";
const LONG = "The quick brown fox jumps over the lazy dog. ".repeat(8); // 360 chars → 3 parts

function simCount(): number {
  return gw.sim.sim.storage.used;
}

describe("receiving", () => {
  it("+CMTI → read → durable → announced, and handed on via pendingInbound()", async () => {
    gw = await startGateway();
    gw.sim.deliverSms({ from: FROM, text: "hello gateway" });
    await until(() => gw.inbound.length === 1 && simCount() === 0);
    expect(gw.inbound[0]).toMatchObject({
      from: FROM,
      text: "hello gateway",
      parts: 1,
      complete: true,
      encoding: "gsm7",
    });
    expect(gw.service.pendingInbound().map((m) => m.text)).toEqual(["hello gateway"]);
  });

  it("inbound-deleted-only-after-durable: at AT+CMGD the message is already in the store file", async () => {
    gw = await startGateway();
    const onDisk: boolean[] = [];
    gw.sim.on("command", (line: string) => {
      if (!line.startsWith("AT+CMGD")) return;
      onDisk.push(storeText(gw.dir).includes("durable first"));
    });
    gw.sim.deliverSms({ from: FROM, text: "durable first" });
    await until(() => simCount() === 0 && onDisk.length === 1);
    expect(onDisk).toEqual([true]);
  });

  it("ackInbound removes the message durably", async () => {
    gw = await startGateway();
    gw.sim.deliverSms({ from: FROM, text: "ack me" });
    await until(() => gw.inbound.length === 1);
    await gw.service.ackInbound(gw.inbound[0]!.id);
    expect(gw.service.pendingInbound()).toEqual([]);
    await gw.stop();
    expect(JSON.stringify(await reopenedInbox(gw.dir))).not.toContain("ack me");
    expect(storeText(join(gw.dir, "history"))).toContain("ack me");
  });

  it("keeps unacknowledged messages across a restart, in arrival order", async () => {
    gw = await startGateway();
    gw.sim.deliverSms({ from: FROM, text: "first" });
    gw.sim.deliverSms({ from: FROM, text: "second" });
    await until(() => gw.inbound.length === 2);
    await gw.stop();
    gw = await startGateway({ dir: gw.dir, sim: gw.sim });
    expect(gw.service.pendingInbound().map((m) => m.text)).toEqual(["first", "second"]);
  });
});

describe("multipart", () => {
  it("multipart-reassembly-out-of-order", async () => {
    gw = await startGateway();
    gw.sim.deliverSms({ from: FROM, text: LONG, order: [2, 0, 1] });
    await until(() => gw.inbound.length === 1 && simCount() === 0);
    expect(gw.inbound[0]).toMatchObject({ text: LONG, parts: 3, complete: true });
  });

  it("duplicate-parts-ignored", async () => {
    gw = await startGateway();
    gw.sim.deliverSms({ from: FROM, text: LONG, duplicate: true });
    await until(() => gw.inbound.length === 1 && simCount() === 0);
    await vi.waitFor(() =>
      expect(gw.sim.commands.filter((c) => c.startsWith("AT+CMGD")).length).toBe(6),
    );
    expect(gw.inbound.map((m) => m.text)).toEqual([LONG]);
    expect(gw.service.pendingInbound()).toHaveLength(1);
  });

  it("a 16-bit reference message reassembles too", async () => {
    gw = await startGateway();
    gw.sim.deliverSms({
      from: FROM,
      text: LONG,
      concatRef: 4242,
      concatRef16: true,
      order: "reverse",
    });
    await until(() => gw.inbound.length === 1);
    expect(gw.inbound[0]?.text).toBe(LONG);
  });

  it("two messages with interleaved parts are never mixed", async () => {
    gw = await startGateway();
    const other = "Pack my box with five dozen liquor jugs! ".repeat(6); // 2 parts
    gw.sim.deliverSms({ from: FROM, text: LONG, concatRef: 7, order: [0] });
    gw.sim.deliverSms({ from: "+491700000001", text: other, concatRef: 7, order: [1, 0] });
    gw.sim.deliverSms({ from: FROM, text: LONG, concatRef: 7, order: [2, 1] });
    await until(() => gw.inbound.length === 2);
    expect(new Set(gw.inbound.map((m) => m.text))).toEqual(new Set([LONG, other]));
  });

  it("incomplete-after-timeout: a lost part → delivered flagged incomplete, naming the missing part", async () => {
    useFakeClock();
    gw = await startGateway({ options: { reassemblyTimeoutMs: 10 * 60_000 } });
    gw.sim.deliverSms({ from: FROM, text: LONG, order: [0, 2] });
    await until(() => simCount() === 0 && gw.store.data.partials.length === 1);
    expect(gw.inbound).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(10 * 60_000);
    await until(() => gw.inbound.length === 1);
    expect(gw.inbound[0]).toMatchObject({ complete: false, missingParts: [2], parts: 3 });
    expect(gw.store.data.partials).toHaveLength(0);
  });

  it("a partial message survives a restart and completes after it", async () => {
    gw = await startGateway();
    gw.sim.deliverSms({ from: FROM, text: LONG, concatRef: 9, order: [0, 1] });
    await until(() => simCount() === 0 && gw.store.data.partials.length === 1);
    await gw.stop();
    gw = await startGateway({ dir: gw.dir, sim: gw.sim });
    gw.sim.deliverSms({ from: FROM, text: LONG, concatRef: 9, order: [2] });
    await until(() => gw.inbound.length === 1);
    expect(gw.inbound[0]?.text).toBe(LONG);
  });
});

describe("duplicates from the network", () => {
  it("same-sms-twice-kept-once", async () => {
    gw = await startGateway();
    const [pdu] = encodeDeliver({
      from: FROM,
      text: "only once",
      timestamp: new Date("2025-01-01T10:00:00Z"),
    });
    gw.sim.deliverPdu(pdu!);
    gw.sim.deliverPdu(pdu!);
    await until(
      () => simCount() === 0 && gw.sim.commands.filter((c) => c.startsWith("AT+CMGD")).length === 2,
    );
    expect(gw.service.pendingInbound().map((m) => m.text)).toEqual(["only once"]);
    expect(gw.service.stats().received).toBe(1);
  });

  it("the same text at another time is a new message", async () => {
    gw = await startGateway();
    const [a] = encodeDeliver({
      from: FROM,
      text: "ok",
      timestamp: new Date("2025-01-01T10:00:00Z"),
    });
    const [b] = encodeDeliver({
      from: FROM,
      text: "ok",
      timestamp: new Date("2025-01-01T10:05:00Z"),
    });
    gw.sim.deliverPdu(a!);
    gw.sim.deliverPdu(b!);
    await until(() => gw.inbound.length === 2);
  });
});

describe("sweeps", () => {
  it("sweep-at-start-picks-up-stored-messages", async () => {
    gw = await startGateway({ startService: false });
    gw.sim.deliverSms({ from: FROM, text: "arrived while down" });
    gw.sim.deliverSms({ from: FROM, text: LONG });
    await until(() => simCount() === 4);
    await gw.service.start();
    await until(() => gw.inbound.length === 2 && simCount() === 0);
    expect(gw.inbound.map((m) => m.text).sort()).toEqual(["arrived while down", LONG].sort());
  });

  it("sim-full-triggers-sweep: a +CMTI near the end of the storage reads everything stored", async () => {
    gw = await startGateway({ simOptions: { simCapacity: 5 } });
    // Three messages whose +CMTI was lost (stored without a URC).
    for (const text of ["lost 1", "lost 2", "lost 3"]) {
      const [pdu] = encodeDeliver({ from: FROM, text });
      gw.sim.sim.storage.store(pdu!, 0);
    }
    gw.sim.deliverSms({ from: FROM, text: "fourth" });
    await until(() => gw.inbound.length === 4 && simCount() === 0);
    expect(gw.inbound.map((m) => m.text).sort()).toEqual(["fourth", "lost 1", "lost 2", "lost 3"]);
  });

  it("+CMS ERROR: 322 (memory full) triggers a sweep", async () => {
    gw = await startGateway();
    gw.sim.respond("AT+CMGR", { final: "+CMS ERROR: 322" });
    gw.sim.deliverSms({ from: FROM, text: "behind a full SIM" });
    await until(() => gw.inbound.length === 1 && simCount() === 0);
    expect(gw.sim.commands.filter((c) => c === "AT+CMGL=4").length).toBe(2);
  });

  it("a periodic sweep catches a message whose +CMTI was lost", async () => {
    useFakeClock();
    gw = await startGateway({ options: { sweepIntervalMs: 60_000 } });
    const [pdu] = encodeDeliver({ from: FROM, text: "no urc" });
    gw.sim.sim.storage.store(pdu!, 0);
    await vi.advanceTimersByTimeAsync(60_000);
    await until(() => gw.inbound.length === 1);
  });

  it("an undecodable PDU is kept in the history and removed from the SIM", async () => {
    gw = await startGateway();
    gw.sim.deliverPdu("00040B91"); // truncated after the originator length
    await until(() => simCount() === 0);
    await gw.stop();
    expect(storeText(join(gw.dir, "history"))).toContain("inbound-undecodable");
  });
});
