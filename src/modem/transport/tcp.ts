import net from "node:net";
import type { Duplex } from "node:stream";
import { SmsgwError } from "../../errors.js";
import type { OpenTransport } from "./types.js";

const LOOPBACK = /^(localhost|127(\.\d{1,3}){3}|::1|::ffff:127(\.\d{1,3}){3})$/i;

/**
 * What to warn about a `tcp://` modem link: undefined on the loopback interface. A raw socket
 * (ser2net) carries `AT+CPIN="<pin>"` and every SMS in clear, and whoever is on the path can
 * inject forged `+CMTI`/PDUs with any sender.
 */
export function plaintextLinkWarning(host: string): string | undefined {
  if (LOOPBACK.test(host)) return undefined;
  return `modem.port tcp://${host}: the SIM PIN and every SMS cross the network unencrypted, and anyone on the path can inject forged messages; keep ser2net on localhost and reach it through an SSH or TLS tunnel`;
}

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
