import { afterEach, describe, expect, it, vi } from "vitest";
import { receivedPayload } from "../../../src/mqtt/payloads.js";
import { encodeDeliver, encodeStatusReport, tpduLength } from "../../../src/sms/pdu/index.js";
import { type Gateway, startGateway, statuses, until } from "../helpers/gateway.js";

/**
 * Messages whose SC time stamp is not a valid time (a broken SC sends FFFFFFFFFFFFFF): the
 * decoder gives null, and everything downstream works as if the SC had sent no time stamp.
 */

let gw: Gateway;
afterEach(async () => {
  await gw.dispose();
  vi.useRealTimers();
});

const FROM = "+491709876543";
const AT = new Date("2024-05-06T07:08:09Z");
const AT_SCTS = "42506070809000";
const BROKEN = "FFFFFFFFFFFFFF";

function withBrokenTimes(pdu: string): string {
  return pdu.replaceAll(AT_SCTS, BROKEN);
}

describe("an inbound SMS whose SC time stamp is not a valid time", () => {
  it("is received, durable and announced, without a timestamp", async () => {
    gw = await startGateway();
    const pdu = withBrokenTimes(
      encodeDeliver({ from: FROM, text: "code 4711", timestamp: AT })[0]!,
    );
    gw.sim.deliverPdu(pdu);
    await until(() => gw.inbound.length === 1);
    expect(gw.inbound[0]).toMatchObject({ from: FROM, text: "code 4711", complete: true });
    expect(gw.inbound[0]).not.toHaveProperty("timestamp");
    expect(gw.store.data.inbox.map((m) => m.text)).toEqual(["code 4711"]);
  });

  it("still has the time it was received", async () => {
    gw = await startGateway();
    gw.sim.deliverPdu(withBrokenTimes(encodeDeliver({ from: FROM, text: "x", timestamp: AT })[0]!));
    await until(() => gw.inbound.length === 1);
    expect(Number.isNaN(Date.parse(gw.inbound[0]!.receivedAt))).toBe(false);
  });

  it("gives an MQTT received payload with receivedAt and no timestamp", async () => {
    gw = await startGateway();
    gw.sim.deliverPdu(withBrokenTimes(encodeDeliver({ from: FROM, text: "x", timestamp: AT })[0]!));
    await until(() => gw.inbound.length === 1);
    const payload = receivedPayload(gw.inbound[0]!);
    expect(payload).toMatchObject({ from: FROM, text: "x" });
    expect(payload).not.toHaveProperty("timestamp");
  });
});

describe("a status report whose time stamps are not valid times", () => {
  it("still settles the message it reports on", async () => {
    gw = await startGateway({ options: { deliveryReports: true } });
    await gw.service.send({ to: FROM, text: "report me", id: "r" });
    await until(() => statuses(gw.events, "r").includes("sent"));
    const sent = gw.sim.sent[0]!;
    const report = encodeStatusReport({
      reference: sent.reference,
      recipient: sent.to,
      status: 0,
      timestamp: AT,
      dischargeTime: AT,
    });
    const pdu = withBrokenTimes(report);
    expect(pdu).toContain(BROKEN + BROKEN);
    gw.sim.emitUrc(`+CDS: ${tpduLength(pdu)}`, pdu);
    await until(() => statuses(gw.events, "r").includes("delivered"));
    expect(gw.service.get("r")?.status).toBe("delivered");
  });
});
