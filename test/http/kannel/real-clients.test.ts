import { createServer, type Server } from "node:http";
import { type AddressInfo, connect } from "node:net";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { courierUrl, playSmsRequest } from "../../fixtures/kannel/client-requests.js";
import { type GatewayTest, startGatewayTest } from "../../support/gateway.js";

/**
 * Real Kannel clients' requests against the real gateway on a real port: the message reaches
 * the simulated modem, and when the network's status report comes back the client's dlr-url
 * is called on a loopback receiver.
 */

const USERS = [
  { username: "playsms", password: "playsms-kannel-1" },
  { username: "courier", password: "courier-kannel-1" },
];

let h: GatewayTest;
let base: string;
let receiver: Server;
let callbackBase: string;
const callbacks: string[] = [];

beforeAll(async () => {
  receiver = createServer((req, res) => {
    callbacks.push(req.url ?? "");
    res.end("");
  });
  await new Promise<void>((r) => receiver.listen(0, "127.0.0.1", r));
  callbackBase = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
  h = await startGatewayTest({
    config: { http: { enabled: true, port: 0, kannel: { users: USERS } } },
    sim: { autoDeliveryReport: true },
  });
  const port = h.gateway.http?.port;
  if (port === undefined) throw new Error("the HTTP API did not start");
  base = `http://127.0.0.1:${port}`;
});
afterAll(async () => {
  await h.dispose();
  await new Promise((r) => receiver.close(r));
});

/** Writes `request` on a fresh socket and reads until the server closes it. */
function rawExchange(request: string): Promise<Buffer> {
  const port = Number(new URL(base).port);
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    const socket = connect(port, "127.0.0.1", () => socket.write(request, "latin1"));
    socket.on("data", (c) => chunks.push(c));
    socket.on("end", () => resolve(Buffer.concat(chunks)));
    socket.on("error", reject);
  });
}

describe("playSMS's raw HTTP/1.0 request with charset=UTF-16BE", () => {
  let reply: string;
  const text = "Привет, мир";
  beforeAll(async () => {
    const request = playSmsRequest({
      username: "playsms",
      password: "playsms-kannel-1",
      from: "playSMS",
      to: "+491701234567",
      playsmsWeb: `${callbackBase}/playsms`,
      smslogId: 42,
      uid: 1,
      text,
      unicode: true,
    });
    reply = (await rawExchange(request)).toString("latin1");
  });

  it("is answered 202 with the body exactly `0: Accepted for delivery`, the line playSMS looks for", () => {
    const [head, body] = reply.split("\r\n\r\n");
    expect(head?.split("\r\n")[0]).toMatch(/^HTTP\/1\.[01] 202 Accepted$/);
    expect(body).toBe("0: Accepted for delivery");
    // playSMS reads lines with fgets: the last line is the body, compared as it is.
    expect(reply.split("\n").at(-1)).toBe("0: Accepted for delivery");
  });

  it("the text reaches the modem decoded from UCS-2, as UCS-2", async () => {
    await vi.waitFor(() => expect(h.sim.sent.find((s) => s.text === text)).toBeDefined(), 10_000);
    expect(h.sim.sent.find((s) => s.text === text)).toMatchObject({
      to: "+491701234567",
      statusReportRequested: true,
      decoded: { encoding: "ucs2", class: null },
    });
  });

  it("its dlr-url gets type=8 (at the SMSC), then type=1 (delivered) when the status report comes", async () => {
    const mine = () => callbacks.filter((u) => u.startsWith("/playsms/"));
    await vi.waitFor(() => expect(mine()).toHaveLength(2), 10_000);
    expect(mine()).toEqual([
      "/playsms/index.php?app=call&cat=gateway&plugin=kannel&access=dlr&type=8&slid=42&uid=1",
      "/playsms/index.php?app=call&cat=gateway&plugin=kannel&access=dlr&type=1&slid=42&uid=1",
    ]);
  });
});

describe("RapidPro/Courier's GET", () => {
  it("is answered 202 `0: Accepted for delivery` and its text reaches the modem", async () => {
    const url = courierUrl({
      sendUrl: `${base}/cgi-bin/sendsms`,
      username: "courier",
      password: "courier-kannel-1",
      from: "2020",
      to: "+491707654321",
      text: "Your appointment is confirmed ✓",
      callbackBase,
      channelUuid: "8eb23e93-5ecb-45ba-b726-3b064e0c56ab",
      msgUuid: "0191e180-7d60-7000-aac7-d6a4a4dc39e6",
      highPriority: true,
      unicode: true,
    });
    const res = await fetch(url);
    expect(res.status).toBe(202);
    expect(await res.text()).toBe("0: Accepted for delivery");
    await vi.waitFor(
      () =>
        expect(h.sim.sent.find((s) => s.to === "+491707654321")?.text).toBe(
          "Your appointment is confirmed ✓",
        ),
      10_000,
    );
  });

  it("its status URL gets status=8 then status=1 (dlr-mask 27), the uuid as given", async () => {
    const mine = () => callbacks.filter((u) => u.startsWith("/c/kn/"));
    await vi.waitFor(() => expect(mine()).toHaveLength(2), 10_000);
    expect(mine()).toEqual([
      "/c/kn/8eb23e93-5ecb-45ba-b726-3b064e0c56ab/status?uuid=0191e180-7d60-7000-aac7-d6a4a4dc39e6&status=8",
      "/c/kn/8eb23e93-5ecb-45ba-b726-3b064e0c56ab/status?uuid=0191e180-7d60-7000-aac7-d6a4a4dc39e6&status=1",
    ]);
  });

  it("no callback is left pending once the receiver has answered", async () => {
    await vi.waitFor(() => expect(h.gateway.webhooks?.engine.pending()).toBe(0));
  });
});
