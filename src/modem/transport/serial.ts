import type { Duplex } from "node:stream";
import { SerialPort } from "serialport";
import { SmsgwError } from "../../errors.js";
import { problemOfOpenError } from "./problem.js";
import type { OpenTransport } from "./types.js";

export interface SerialOptions {
  /** Default 115200 (SIM800/SIM7600/EC2x default; SIM800 autobauds on the first `AT`). */
  baudRate?: number;
}

/** A serial device (`/dev/serial0`, `/dev/ttyUSB2`, a socat PTY) through serialport 13. */
export function serialTransport(path: string, opts: SerialOptions = {}): OpenTransport {
  const baudRate = opts.baudRate ?? 115200;
  return (signal) =>
    new Promise<Duplex>((resolve, reject) => {
      if (signal?.aborted) {
        reject(abortError(path));
        return;
      }
      const port = new SerialPort({ path, baudRate, autoOpen: false, lock: true });
      const onAbort = () => {
        if (port.isOpen) port.close();
        reject(abortError(path));
      };
      signal?.addEventListener("abort", onAbort, { once: true });
      port.open((err) => {
        signal?.removeEventListener("abort", onAbort);
        if (signal?.aborted) return;
        if (err) {
          const problem = problemOfOpenError(err.message);
          reject(
            new SmsgwError("transport.open-failed", `cannot open ${path}: ${err.message}`, {
              cause: err,
              details: { path, baudRate, ...(problem === undefined ? {} : { problem }) },
            }),
          );
          return;
        }
        // serialport's stream has no _destroy: destroy() (what the AT channel calls on a
        // disconnect or reopen) would leave the fd open and locked, and a read pending.
        // A close already under way (the device vanished) finishes by itself; a close that
        // never answers must not hold the stream's destroy forever.
        port._destroy = (error, callback) => {
          if (!port.isOpen || port.closing) return callback(error);
          let done = false;
          const finish = () => {
            if (done) return;
            done = true;
            callback(error);
          };
          port.close(finish);
          setTimeout(finish, 1_000).unref();
        };
        resolve(port);
      });
    });
}

function abortError(path: string): SmsgwError {
  return new SmsgwError("transport.aborted", `opening ${path} was aborted`, { details: { path } });
}
