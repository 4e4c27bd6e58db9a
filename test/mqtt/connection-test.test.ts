import { createServer, type Socket } from "node:net";
import { describe, expect, it } from "vitest";
import { tryMqttConnection } from "../../src/mqtt/connection-test.js";

/** The wizard's broker test gives up on a silent server instead of waiting for ever. */

describe("tryMqttConnection", () => {
  it("answers not ok within its timeout when the server accepts TCP but never speaks MQTT", async () => {
    const sockets: Socket[] = [];
    const server = createServer((s) => sockets.push(s));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const address = server.address();
    const port = typeof address === "object" && address !== null ? address.port : 0;
    try {
      const started = Date.now();
      const r = await tryMqttConnection({ url: `mqtt://127.0.0.1:${port}`, timeoutMs: 300 });
      expect(r.ok).toBe(false);
      expect(Date.now() - started).toBeLessThan(2_000);
    } finally {
      for (const s of sockets) s.destroy();
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it("answers an unknown protocol as an error, not a throw", async () => {
    const r = await tryMqttConnection({ url: "gopher://127.0.0.1:1", timeoutMs: 300 });
    expect(r.ok).toBe(false);
  });
});
