import { connect, type Socket } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type HttpGatewayTest, startHttpGatewayTest } from "./support/http-gateway.js";

/**
 * A 1 MiB body (http.maxBodyBytes is 64 KiB) is refused with 413 without being read: the
 * server's side of the connection has read far less than the body when it answers, and the
 * answer comes while the client has not finished sending.
 */

const MiB = 1_048_576;
const LIMIT = 65_536;
let t: HttpGatewayTest;
/** The server's end of each connection, to read how many bytes it took from the client. */
const serverSockets: Socket[] = [];
beforeAll(async () => {
  t = await startHttpGatewayTest({ http: { maxBodyBytes: LIMIT } });
  t.app.server.on("connection", (s: Socket) => serverSockets.push(s));
});
afterAll(async () => {
  await t.h.dispose();
});

interface Exchange {
  answer: string;
  /** Bytes the server read from this connection, headers included. */
  serverRead: number;
}

/**
 * Opens a connection, writes `head`, then the body chunk by chunk (each 16 KiB, waiting for the
 * socket to drain) up to `bodyBytes` (the body may be longer than that: the rest is never
 * sent), stopping as soon as an answer arrives. Waits up to 5 s for an answer.
 */
async function exchange(head: string, bodyBytes: number, frame: (c: Buffer) => Buffer) {
  const port = t.h.gateway.http?.port ?? 0;
  const socket = connect(port, "127.0.0.1");
  await new Promise((resolve) => socket.once("connect", resolve));
  const server = serverSockets.at(-1) as Socket;
  let answer = "";
  let sent = 0;
  let sentBeforeAnswer = -1;
  const closed = new Promise((resolve) => socket.once("close", resolve));
  let answered: () => void = () => undefined;
  const firstByte = new Promise<void>((resolve) => {
    answered = resolve;
  });
  socket.on("data", (d) => {
    if (sentBeforeAnswer < 0) sentBeforeAnswer = sent;
    answer += d.toString("utf8");
    answered();
  });
  socket.on("error", () => undefined);
  socket.write(head);
  const chunk = Buffer.alloc(16_384, 0x61);
  while (sent < bodyBytes && sentBeforeAnswer < 0 && !socket.destroyed) {
    const drained = socket.write(frame(chunk));
    sent += chunk.length;
    if (!drained)
      await Promise.race([
        new Promise((resolve) => socket.once("drain", resolve)),
        firstByte,
        closed,
      ]);
    // Let the server's answer arrive between chunks.
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
  await Promise.race([firstByte, closed, new Promise((resolve) => setTimeout(resolve, 5000))]);
  // The rest of the answer, or the close that follows it.
  await Promise.race([closed, new Promise((resolve) => setTimeout(resolve, 300))]);
  socket.destroy();
  return { answer, serverRead: server.bytesRead } satisfies Exchange;
}

const head = (framing: string) =>
  [
    "POST /api/v1/messages HTTP/1.1",
    "Host: 127.0.0.1",
    `Authorization: Bearer ${t.tokens.send}`,
    "Content-Type: application/json",
    framing,
    "",
    "",
  ].join("\r\n");

const chunked = (c: Buffer) =>
  Buffer.concat([Buffer.from(`${c.length.toString(16)}\r\n`), c, Buffer.from("\r\n")]);

describe("a 1 MiB body", () => {
  it("with its Content-Length: 413 http.payload-too-large though the client has sent only 16 KiB of it", async () => {
    const x = await exchange(head(`Content-Length: ${MiB}`), 16_384, (c) => c);
    expect(x.answer).toMatch(/^HTTP\/1\.1 413 /);
    expect(x.answer).toContain('"code":"http.payload-too-large"');
  });

  it("with its Content-Length, all sent at once: the server reads less than http.maxBodyBytes of it", async () => {
    // The client may see a reset instead of the 413: the server closes with the rest unread.
    const x = await exchange(head(`Content-Length: ${MiB}`), MiB, (c) => c);
    expect(x.serverRead).toBeLessThan(LIMIT);
  });

  it("chunked (no length told): 413 once the limit is passed, though the body has not ended", async () => {
    const x = await exchange(head("Transfer-Encoding: chunked"), 2 * LIMIT, chunked);
    expect(x.answer).toMatch(/^HTTP\/1\.1 413 /);
  });

  it("without a valid token: 401 before any of it is read", async () => {
    const x = await exchange(
      head(`Content-Length: ${MiB}`).replace(/Authorization: [^\r]+/, "Authorization: Bearer nope"),
      16_384,
      (c) => c,
    );
    expect(x.answer).toMatch(/^HTTP\/1\.1 401 /);
    expect(x.serverRead).toBeLessThan(LIMIT);
  });

  it("the gateway keeps serving afterwards", async () => {
    const r = await fetch(`${t.h.gateway.http?.url}/api/v1/modem`, {
      headers: { authorization: `Bearer ${t.tokens.read}` },
    });
    expect(r.status).toBe(200);
  });
});
