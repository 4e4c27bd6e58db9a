import { afterEach, describe, expect, it, vi } from "vitest";
import { type Gateway, startGateway, statuses, until, useFakeClock } from "../helpers/gateway.js";

let gw: Gateway;
afterEach(async () => {
  await gw.dispose();
});

const A = "+491701111111";

describe("delivery reports", () => {
  it("delivery-report-aggregation: delivered only when every part's report says so (MR wraps 255 → 0)", async () => {
    gw = await startGateway({
      options: { deliveryReports: true },
      simOptions: { firstMessageReference: 255 },
    });
    await gw.service.send({ to: A, text: "z".repeat(200), id: "dr" });
    await until(() => statuses(gw.events, "dr").includes("sent"));
    expect(gw.sim.sent.map((s) => s.reference)).toEqual([255, 0]);
    gw.sim.deliverReport(0);
    await until(() => gw.store.data.outbox.dr?.reports[1] === "delivered");
    expect(gw.service.get("dr")?.status).toBe("sent");
    gw.sim.deliverReport(255);
    await until(() => statuses(gw.events, "dr").includes("delivered"));
    expect(statuses(gw.events, "dr")).toEqual(["queued", "sending", "sent", "delivered"]);
    expect(gw.service.stats().delivered).toBe(1);
  });

  it("a permanent failure report fails the message with the reason", async () => {
    gw = await startGateway({ options: { deliveryReports: true } });
    await gw.service.send({ to: A, text: "short", id: "bad" });
    await until(() => statuses(gw.events, "bad").includes("sent"));
    gw.sim.deliverReport(gw.sim.sent[0]!, { status: 0x41 });
    await until(() => statuses(gw.events, "bad").includes("failed"));
    expect(gw.service.get("bad")?.error).toMatchObject({
      code: "sms.delivery-failed",
      message: "not delivered: incompatible destination",
    });
  });

  it("a 'still trying' report keeps the message waiting", async () => {
    gw = await startGateway({ options: { deliveryReports: true } });
    await gw.service.send({ to: A, text: "short", id: "wait" });
    await until(() => statuses(gw.events, "wait").includes("sent"));
    gw.sim.deliverReport(gw.sim.sent[0]!, { status: 0x21 });
    gw.sim.deliverReport(gw.sim.sent[0]!, { status: 0x00 });
    await until(() => statuses(gw.events, "wait").includes("delivered"));
  });

  it("a message without a report request is final once sent", async () => {
    gw = await startGateway({ options: { deliveryReports: true } });
    await gw.service.send({ to: A, text: "no report", id: "nr", deliveryReport: false });
    await until(
      () => gw.store.data.outbox.nr === undefined && statuses(gw.events, "nr").includes("sent"),
    );
    expect(gw.sim.sent[0]?.statusReportRequested).toBe(false);
  });
});

describe("waiting for reports is bounded", () => {
  it("a sent message whose reports never come leaves the live state as sent after the wait", async () => {
    useFakeClock();
    gw = await startGateway({
      options: { deliveryReports: true, deliveryReportWaitMs: 3_600_000 },
    });
    await gw.service.send({ to: A, text: "silent network", id: "quiet" });
    await until(() => statuses(gw.events, "quiet").includes("sent"));
    expect(gw.store.data.outbox.quiet).toBeDefined();
    await vi.advanceTimersByTimeAsync(3_600_000 + 60_000);
    await until(() => gw.store.data.outbox.quiet === undefined);
    expect(gw.service.get("quiet")?.status).toBe("sent");
    vi.useRealTimers();
  });
});
