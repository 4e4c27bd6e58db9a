import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type GatewayTest, startGatewayTest } from "../support/gateway.js";

let h: GatewayTest;
beforeAll(async () => {
  h = await startGatewayTest();
});
afterAll(async () => {
  await h.dispose();
});

function request(name: string, payload: Record<string, unknown>): Promise<Record<string, unknown>> {
  return h.client.request(name, payload);
}

const later = () => new Date(Date.now() + 3_600_000).toISOString();

describe("bridge requests", () => {
  it("health says whether the modem is ready, with the counters", async () => {
    expect(await request("health", {})).toMatchObject({
      status: "ok",
      data: {
        healthy: true,
        modem: "ready",
        mqtt: "connected",
        stats: { queued: expect.any(Number) },
      },
    });
  });

  it("health also takes an empty payload", async () => {
    const response = h.client.waitForTopic(
      "smsgw/bridge/response/health",
      (j) => j.transaction === undefined,
    );
    await h.client.publish("smsgw/bridge/request/health", "");
    expect((await response).json).toMatchObject({ status: "ok" });
  });

  it("queue/list lists messages still waiting", async () => {
    await request("send", {
      to: "+491701234567",
      text: "tomorrow",
      id: "wait-1",
      notBefore: later(),
    });
    const r = (await request("queue/list", {})) as {
      data: { messages: Array<{ id: string; status: string }> };
    };
    expect(r.data.messages.find((m) => m.id === "wait-1")?.status).toBe("queued");
  });

  it("queue/cancel cancels a waiting message and answers with its final status", async () => {
    await request("send", {
      to: "+491701234567",
      text: "never",
      id: "cancel-me",
      notBefore: later(),
    });
    expect(await request("queue/cancel", { id: "cancel-me" })).toMatchObject({
      status: "ok",
      data: { id: "cancel-me", status: "cancelled" },
    });
  });

  it("queue/cancel of an unknown id is an error", async () => {
    expect(await request("queue/cancel", { id: "nope" })).toMatchObject({
      status: "error",
      code: "sms.not-found",
      error: 'no message with id "nope"',
    });
  });

  it("queue/cancel of a message already sent says so", async () => {
    await request("send", { to: "+491701234567", text: "quick", id: "sent-already" });
    await h.client.waitForTopic("smsgw/status/sent-already", (j) => j.status === "sent");
    expect(await request("queue/cancel", { id: "sent-already" })).toMatchObject({
      status: "error",
      code: "sms.not-cancellable",
    });
  });
});
