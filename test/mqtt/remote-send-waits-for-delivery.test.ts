import { afterEach, describe, expect, it } from "vitest";
import type { ConfigInput } from "../../src/config/index.js";
import type { StatusPayload } from "../../src/mqtt/payloads.js";
import { sendViaMqtt } from "../../src/mqtt/remote.js";
import { type GatewayTest, startGatewayTest } from "../support/gateway.js";

/** `smsgw send --wait`: the client side of a send, against the real gateway and broker. */

let h: GatewayTest | undefined;
afterEach(async () => {
  await h?.dispose();
  h = undefined;
});

async function harness(reports: boolean, sms: ConfigInput["sms"] = {}): Promise<GatewayTest> {
  h = await startGatewayTest({ sim: { autoDeliveryReport: reports }, config: { sms } });
  return h;
}

async function waitedSend(gw: GatewayTest, deliveryReport?: boolean, timeoutMs = 30_000) {
  const seen: string[] = [];
  const outcome = await sendViaMqtt({
    url: gw.url,
    baseTopic: "smsgw",
    timeoutMs,
    request: {
      to: "+491701234567",
      text: "wait for me",
      ...(deliveryReport === undefined ? {} : { deliveryReport }),
    },
    wait: true,
    onStatus: (s: StatusPayload) => seen.push(s.status),
  });
  return { outcome, seen };
}

describe("a send that waits, with a delivery report requested", () => {
  it("ends at delivered, not at sent", async () => {
    const { outcome } = await waitedSend(await harness(true), true);
    expect(outcome.final.map((s) => s.status)).toEqual(["delivered"]);
  });

  it("sees sent on the way", async () => {
    const { seen } = await waitedSend(await harness(true), true);
    expect(seen.slice(-2)).toEqual(["sent", "delivered"]);
  });

  it("waits for the report when the gateway asks for one by default", async () => {
    const gw = await harness(true, { deliveryReports: true });
    const { outcome } = await waitedSend(gw);
    expect(outcome.final.map((s) => s.status)).toEqual(["delivered"]);
  });

  it("says it was sent but no report came when the timeout passes", async () => {
    const gw = await harness(false);
    const err = await waitedSend(gw, true, 5_000).catch((e: unknown) => e);
    expect((err as Error).message).toBe(
      "sent, but no delivery report within 5 s (the gateway still waits for it; --timeout waits longer)",
    );
  });
});

describe("a send that waits, without a delivery report", () => {
  it("ends at sent", async () => {
    const { outcome } = await waitedSend(await harness(false), false);
    expect(outcome.final.map((s) => s.status)).toEqual(["sent"]);
  });

  it("is answered with deliveryReport false in the response", async () => {
    const gw = await harness(false);
    let report: unknown;
    await sendViaMqtt({
      url: gw.url,
      baseTopic: "smsgw",
      request: { to: "+491701234567", text: "no report" },
      onResponse: (r) => {
        report =
          r.status === "ok" && "deliveryReport" in r.data ? r.data.deliveryReport : undefined;
      },
    });
    expect(report).toBe(false);
  });
});
