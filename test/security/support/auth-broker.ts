import { createServer, type Socket } from "node:net";
import { Aedes } from "aedes";

/**
 * aedes on a free loopback port that lets in only `username` with one of `passwords`: a broker
 * that needs the gateway's credentials, so a test can show they were used and never repeated.
 */
export async function startAuthBroker(
  username: string,
  passwords: string[],
): Promise<{ port: number; close(): Promise<void> }> {
  const aedes = await Aedes.createBroker();
  aedes.authenticate = (_client, user, pass, done) => {
    const ok = user === username && pass !== undefined && passwords.includes(pass.toString());
    done(null, ok);
  };
  const sockets = new Set<Socket>();
  const server = createServer((s) => {
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
    aedes.handle(s);
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
  const address = server.address();
  const port = typeof address === "object" && address !== null ? address.port : 0;
  return {
    port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => aedes.close(() => resolve()));
      }),
  };
}
