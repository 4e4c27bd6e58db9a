import { SmsgwError } from "../../errors.js";
import { createLogger } from "../../log.js";
import { serialTransport } from "./serial.js";
import { plaintextLinkWarning, tcpTransport } from "./tcp.js";
import type { OpenTransport } from "./types.js";

const log = createLogger("modem:transport");

/**
 * `/dev/…` (or any path) → serial port; `tcp://host:port` → socket. `sim://<profile>` is not
 * handled here: callers that own a simulator open it themselves. Throws `transport.invalid-url`.
 */
export function transportFromUrl(port: string, opts: { baudRate?: number } = {}): OpenTransport {
  const trimmed = port.trim();
  if (trimmed === "") throw new SmsgwError("transport.invalid-url", "empty port");
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed)) {
    const url = parseUrl(trimmed);
    if (url.protocol === "tcp:") {
      const portNumber = Number(url.port);
      if (url.hostname === "" || !Number.isInteger(portNumber) || portNumber <= 0) {
        throw new SmsgwError("transport.invalid-url", `expected tcp://host:port, got "${port}"`);
      }
      // URL keeps IPv6 hosts in brackets; net.connect wants them bare.
      const host = url.hostname.replace(/^\[(.*)\]$/, "$1");
      const warning = plaintextLinkWarning(host);
      if (warning !== undefined) log.warn({ host, port: portNumber }, warning);
      return tcpTransport(host, portNumber);
    }
    throw new SmsgwError(
      "transport.invalid-url",
      `unsupported port "${port}": use a device path or tcp://host:port`,
      { details: { protocol: url.protocol } },
    );
  }
  if (opts.baudRate !== undefined && !(Number.isInteger(opts.baudRate) && opts.baudRate > 0)) {
    throw new SmsgwError("transport.invalid-baud", `invalid baud rate ${opts.baudRate}`);
  }
  return serialTransport(trimmed, opts);
}

function parseUrl(text: string): URL {
  try {
    return new URL(text);
  } catch (err) {
    throw new SmsgwError("transport.invalid-url", `invalid port URL "${text}"`, { cause: err });
  }
}
