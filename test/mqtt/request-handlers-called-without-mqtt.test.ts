import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SmsgwError } from "../../src/errors.js";
import { handleRequest, type RequestContext } from "../../src/mqtt/handlers/index.js";
import { type GatewayTest, startGatewayTest } from "../support/gateway.js";

/**
 * Another door (an HTTP API, say) calls the request table's handlers directly: the same body
 * gives the same data and the same error codes as over MQTT, with no topic or broker involved.
 */

let h: GatewayTest;
beforeAll(async () => {
  h = await startGatewayTest();
});
afterAll(async () => {
  await h.dispose();
});

/** What an HTTP door would hand the handlers: the gateway's parts, its own origin. */
function httpDoor(admin = false): RequestContext {
  return {
    service: h.gateway.service,
    modem: h.gateway.modem,
    startedAt: new Date(),
    origin: "http",
    admin,
    deliveryReports: false,
    mqtt: () => (h.gateway.bridge.connected ? "connected" : "disconnected"),
  };
}

/** The refusal a handler call rejects with, as code and message. */
async function refusal(call: Promise<unknown>): Promise<{ code: string; message: string }> {
  const err = await call.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(err instanceof SmsgwError)) throw new Error(`expected an SmsgwError, got ${String(err)}`);
  return { code: err.code, message: err.message };
}

/** The error response MQTT gives for the same body. */
async function overMqtt(name: string, body: object): Promise<{ code: string; message: string }> {
  const transaction = `t-${Math.random().toString(16).slice(2)}`;
  const response = h.client.waitForTopic(
    `smsgw/bridge/response/${name}`,
    (j) => j.transaction === transaction,
  );
  await h.client.publish(`smsgw/bridge/request/${name}`, JSON.stringify({ ...body, transaction }));
  const r = (await response).json as { code: string; error: string };
  return { code: r.code, message: r.error };
}

const LATER = "2099-01-01T00:00:00Z";

describe("a request handler called directly, without MQTT", () => {
  it("send queues the message and answers with the data MQTT would publish", async () => {
    const data = await handleRequest(
      "send",
      { to: "+491701234567", text: "over http", id: "http-1", notBefore: LATER },
      httpDoor(),
    );
    expect(data).toEqual({
      id: "http-1",
      to: "+491701234567",
      parts: 1,
      encoding: "gsm7",
      status: "queued",
      deliveryReport: false,
    });
  });

  it("send marks the message with the door it came through", () => {
    expect(h.gateway.service.originOf("http-1")).toBe("http");
  });

  it("a body with wrong types is refused with the same code and message as over MQTT", async () => {
    const body = { to: 4917, text: ["x"] };
    const direct = await refusal(handleRequest("send", body, httpDoor()));
    expect(direct).toEqual(await overMqtt("send", body));
    expect(direct.code).toBe("mqtt.invalid-request");
  });

  it("an invalid number is refused with the SMS service's code, as over MQTT", async () => {
    const body = { to: "+49abc", text: "hi" };
    const direct = await refusal(handleRequest("send", body, httpDoor()));
    expect(direct).toEqual(await overMqtt("send", body));
    expect(direct.code).toBe("sms.invalid-number");
  });

  it("transaction is MQTT's field, not part of a request's body", async () => {
    const direct = await refusal(handleRequest("health", { transaction: "t-1" }, httpDoor()));
    expect(direct).toEqual({
      code: "mqtt.invalid-request",
      message: "unknown field `transaction`",
    });
  });

  it("queue/list through another door shows that door's messages, not MQTT's", async () => {
    const sent = await handleRequest(
      "send",
      { to: "+491702222222", text: "over mqtt", id: "mqtt-1", notBefore: LATER },
      { ...httpDoor(), origin: "mqtt" },
    );
    expect(sent).toMatchObject({ id: "mqtt-1" });
    const list = await handleRequest("queue/list", undefined, httpDoor());
    expect(list.messages.map((m) => m.id)).toEqual(["http-1"]);
  });

  it("queue/cancel of a message from another door answers as for an unknown id", async () => {
    const direct = await refusal(handleRequest("queue/cancel", { id: "mqtt-1" }, httpDoor()));
    expect(direct).toEqual({ code: "sms.not-found", message: 'no message with id "mqtt-1"' });
  });

  it("queue/cancel of the door's own message answers with its final status", async () => {
    const data = await handleRequest("queue/cancel", { id: "http-1" }, httpDoor());
    expect(data).toMatchObject({ id: "http-1", status: "cancelled" });
  });

  it("health answers while the broker is down, saying so", async () => {
    await h.stopBroker();
    try {
      await expect.poll(() => h.gateway.bridge.connected).toBe(false);
      const data = await handleRequest("health", undefined, httpDoor());
      expect(data).toMatchObject({ healthy: true, modem: "ready", mqtt: "disconnected" });
    } finally {
      await h.startBroker();
    }
  });
});
