import { afterEach, describe, expect, it } from "vitest";
import type { DeliveryReportSeen } from "../../../src/sms/service.js";
import { type Gateway, startGateway, statuses, until } from "../helpers/gateway.js";

let gw: Gateway;
afterEach(async () => {
  await gw.dispose();
});

const A = "+491701111111";

/** Sends one SMS, waits until it is sent, and collects the service's report events. */
async function sentOne(id: string): Promise<DeliveryReportSeen["result"][]> {
  gw = await startGateway({ options: { deliveryReports: true } });
  const seen: DeliveryReportSeen["result"][] = [];
  gw.service.on("report", (r) => seen.push(r.result));
  await gw.service.send({ to: A, text: "hello", id });
  await until(() => statuses(gw.events, id).includes("sent"));
  return seen;
}

describe("the SMS service's report event", () => {
  it("says delivered for a report that delivered a message", async () => {
    const seen = await sentOne("d");
    gw.sim.deliverReport(gw.sim.sent[0]!);
    await until(() => seen.length === 1);
    expect(seen).toEqual(["delivered"]);
  });

  it("says temporary for a report that the centre is still trying", async () => {
    const seen = await sentOne("t");
    gw.sim.deliverReport(gw.sim.sent[0]!, { status: 0x21 });
    await until(() => seen.length === 1);
    expect(seen).toEqual(["temporary"]);
  });

  it("says permanent for a report that the centre gave up", async () => {
    const seen = await sentOne("p");
    gw.sim.deliverReport(gw.sim.sent[0]!, { status: 0x41 });
    await until(() => seen.length === 1);
    expect(seen).toEqual(["permanent"]);
  });

  it("says unmatched for a report naming no message that waits for one", async () => {
    const seen = await sentOne("u");
    const sent = gw.sim.sent[0]!;
    gw.sim.deliverReport({ ...sent, reference: (sent.reference + 1) % 256 });
    await until(() => seen.length === 1);
    expect(seen).toEqual(["unmatched"]);
  });
});
