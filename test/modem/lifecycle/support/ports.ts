import { Duplex } from "node:stream";
import type { OpenTransport } from "../../../../src/modem/transport/types.js";
import type { SimulatedModem } from "../../../../src/simulator/index.js";

/**
 * The simulator's in-process port with a kernel driver's troubles: it can wedge (bytes stop in
 * both directions, the port stays "open") — only a fresh port object cures that.
 */
class WedgeablePort extends Duplex {
  wedged = false;

  constructor(private readonly inner: Duplex) {
    super();
    inner.on("data", (chunk: Buffer) => {
      if (!this.wedged) this.push(chunk);
    });
    inner.on("end", () => this.push(null));
    inner.on("close", () => this.destroy());
    inner.on("error", (err: Error) => this.destroy(err));
  }

  override _read(): void {}

  override _write(chunk: Buffer, _enc: BufferEncoding, cb: (err?: Error | null) => void): void {
    if (!this.wedged) this.inner.write(chunk);
    cb();
  }

  override _destroy(err: Error | null, cb: (err?: Error | null) => void): void {
    this.inner.destroy();
    cb(err);
  }
}

export interface Ports {
  /** What the AtChannel opens: a fresh port to the simulator each call. */
  open: OpenTransport;
  /** Ports opened so far. */
  readonly opened: number;
  /** The last port stops passing bytes, like a wedged USB-serial driver. */
  wedge(): void;
  /** The last port vanishes and opens fail (ENOENT) until replug(). */
  unplug(): void;
  replug(): void;
}

export function ports(sim: SimulatedModem): Ports {
  const all: WedgeablePort[] = [];
  let plugged = true;
  return {
    open: async () => {
      if (!plugged) throw new Error("ENOENT: no such file or directory, open '/dev/ttyUSB2'");
      const port = new WedgeablePort(sim.openPort());
      all.push(port);
      return port;
    },
    get opened() {
      return all.length;
    },
    wedge: () => {
      const last = all.at(-1);
      if (last !== undefined) last.wedged = true;
    },
    unplug: () => {
      plugged = false;
      all.at(-1)?.destroy();
    },
    replug: () => {
      plugged = true;
    },
  };
}
