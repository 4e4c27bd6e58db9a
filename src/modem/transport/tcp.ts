import net from "node:net";
import type { Duplex } from "node:stream";
import { SmsgwError } from "../../errors.js";
import type { OpenTransport } from "./types.js";

/** A raw TCP socket (ser2net, a modem on another box, `smsgw simulate --listen`). */
export function tcpTransport(host: string, port: number): OpenTransport {
  return (signal) =>
    new Promise<Duplex>((resolve, reject) => {
      const where = `tcp://${host}:${port}`;
      if (signal?.aborted) {
        reject(new SmsgwError("transport.aborted", `connecting to ${where} was aborted`));
        return;
      }
      const socket = net.connect({ host, port });
      const cleanup = () => {
        socket.off("connect", onConnect);
        socket.off("error", onError);
        signal?.removeEventListener("abort", onAbort);
      };
      const onConnect = () => {
        cleanup();
        // AT traffic is tiny request/response: don't let Nagle hold back a command.
        socket.setNoDelay(true);
        resolve(socket);
      };
      const onError = (err: Error) => {
        cleanup();
        socket.destroy();
        reject(
          new SmsgwError("transport.open-failed", `cannot connect to ${where}: ${err.message}`, {
            cause: err,
            details: { host, port },
          }),
        );
      };
      const onAbort = () => {
        cleanup();
        socket.destroy();
        reject(new SmsgwError("transport.aborted", `connecting to ${where} was aborted`));
      };
      socket.once("connect", onConnect);
      socket.once("error", onError);
      signal?.addEventListener("abort", onAbort, { once: true });
    });
}
