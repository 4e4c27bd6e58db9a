import net from "node:net";
import type { Duplex } from "node:stream";

/**
 * Serves the simulated modem over raw TCP (like ser2net): every connection is one more
 * pair of wires on the same UART.
 */
export function listenTcp(
  attach: (stream: Duplex) => void,
  host: string,
  port: number,
): Promise<net.Server> {
  const server = net.createServer((socket) => {
    socket.setNoDelay(true);
    attach(socket);
  });
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      resolve(server);
    });
  });
}
