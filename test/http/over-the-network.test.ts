import { connect } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type HttpGatewayTest, startHttpGatewayTest } from "./support/http-gateway.js";

/**
 * The HTTP API on its real listener: a message POSTed over HTTP reaches the (simulated) modem,
 * and its status is the same on MQTT and over GET; bad input gets a clear error and the
 * gateway keeps serving.
 */

let t: HttpGatewayTest;
let base: string;
beforeAll(async () => {
  t = await startHttpGatewayTest();
  base = t.h.gateway.http?.url ?? "";
});
afterAll(async () => {
  await t.h.dispose();
});

const auth = (token: string) => ({ authorization: `Bearer ${token}` });

/** Sends raw bytes and resolves with what the server answers before closing or `ms` passing. */
function raw(request: string, ms = 2000): Promise<string> {
  const port = t.h.gateway.http?.port ?? 0;
  return new Promise((resolve, reject) => {
    const socket = connect(port, "127.0.0.1");
    let out = "";
    const timer = setTimeout(() => {
      socket.destroy();
      resolve(out);
    }, ms);
    socket.on("data", (d) => {
      out += d.toString("utf8");
      if (out.includes("\r\n\r\n") && /\}$/.test(out)) {
        clearTimeout(timer);
        socket.destroy();
        resolve(out);
      }
    });
    socket.on("error", reject);
    socket.write(request);
  });
}

describe("a message sent over HTTP", () => {
  it("listens on 127.0.0.1 by default", () => {
    expect(base).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it("reaches the modem, and its status on MQTT and over GET agree", async () => {
    const sent = new Promise<{ to: string; text: string }>((resolve) => {
      t.h.sim.on("sent", (s: { to: string; text: string }) => {
        if (s.text === "over the wire") resolve(s);
      });
    });
    const onMqtt = t.h.client.waitForTopic("smsgw/status/wire-1", (j) => j.status === "sent");
    const r = await fetch(`${base}/api/v1/messages`, {
      method: "POST",
      headers: { ...auth(t.tokens.send), "content-type": "application/json" },
      body: JSON.stringify({ to: "+491701234567", text: "over the wire", id: "wire-1" }),
    });
    expect(r.status).toBe(202);
    expect(r.headers.get("location")).toBe("/api/v1/messages/wire-1");
    expect(await sent).toMatchObject({ to: "+491701234567", text: "over the wire" });
    const status = (await onMqtt).json as Record<string, unknown>;
    const got = await fetch(`${base}/api/v1/messages/wire-1`, { headers: auth(t.tokens.read) });
    expect(got.status).toBe(200);
    expect(await got.json()).toMatchObject({
      id: "wire-1",
      status: "sent",
      parts: status.parts,
      partsSent: 1,
    });
  });

  it("a message the modem has sent cannot be cancelled: DELETE answers 409", async () => {
    const r = await fetch(`${base}/api/v1/messages/wire-1`, {
      method: "DELETE",
      headers: auth(t.tokens.send),
    });
    expect(r.status).toBe(409);
    expect(await r.json()).toMatchObject({ code: "sms.not-cancellable" });
  });

  it("a message sent over MQTT can be read over HTTP by an admin token", async () => {
    const response = t.h.client.waitForTopic(
      "smsgw/bridge/response/send",
      (j) => j.transaction === "x1",
    );
    await t.h.client.publish(
      "smsgw/bridge/request/send",
      JSON.stringify({ to: "+491702345678", text: "via mqtt", id: "mq-1", transaction: "x1" }),
    );
    await response;
    const got = await fetch(`${base}/api/v1/messages/mq-1`, { headers: auth(t.tokens.admin) });
    expect(await got.json()).toMatchObject({ id: "mq-1", to: "+491702345678", text: "via mqtt" });
  });
});

describe("bad input over the network", () => {
  it("a 1 MiB body is refused with 413 before it is sent", async () => {
    const reply = await raw(
      [
        "POST /api/v1/messages HTTP/1.1",
        "Host: 127.0.0.1",
        `Authorization: Bearer ${t.tokens.send}`,
        "Content-Type: application/json",
        "Content-Length: 1048576",
        "",
        "",
      ].join("\r\n"),
    );
    expect(reply).toMatch(/^HTTP\/1\.1 413 /);
    expect(reply).toContain('"code":"http.payload-too-large"');
  });

  it("a body without a valid token is refused with 401 before it is read", async () => {
    const reply = await raw(
      [
        "POST /api/v1/messages HTTP/1.1",
        "Host: 127.0.0.1",
        "Content-Type: application/json",
        "Content-Length: 60000",
        "",
        "",
      ].join("\r\n"),
    );
    expect(reply).toMatch(/^HTTP\/1\.1 401 /);
  });

  it("not JSON, wrong types and an invalid number each get a clear 400", async () => {
    const post = (body: string) =>
      fetch(`${base}/api/v1/messages`, {
        method: "POST",
        headers: { ...auth(t.tokens.send), "content-type": "application/json" },
        body,
      });
    const answers = await Promise.all([
      post("not json"),
      post('{"to": 491701234567, "text": 5}'),
      post('{"to": "+49 170 abc", "text": "hi"}'),
    ]);
    expect(answers.map((a) => a.status)).toEqual([400, 400, 400]);
    const codes = await Promise.all(
      answers.map(async (a) => ((await a.json()) as { code: string }).code),
    );
    expect(codes).toEqual(["http.invalid-json", "mqtt.invalid-request", "sms.invalid-number"]);
  });

  it("garbage on the socket gets 400 and the gateway keeps serving", async () => {
    const reply = await raw("\x00\x01garbage\r\n\r\n", 500);
    expect(reply === "" || /^HTTP\/1\.1 400 /.test(reply)).toBe(true);
    const r = await fetch(`${base}/api/v1/modem`, { headers: auth(t.tokens.read) });
    expect(r.status).toBe(200);
  });
});
