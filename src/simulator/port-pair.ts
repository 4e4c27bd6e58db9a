import { Duplex } from "node:stream";

/**
 * Two connected in-process byte streams, like the two ends of a null-modem cable. Bytes
 * written into one come out of the other on a later tick (never inside the writer's own
 * write() call, as with a real UART); ending or destroying one end closes the other.
 */
class PairEnd extends Duplex {
  peer: PairEnd | undefined;

  override _read(): void {}

  override _write(chunk: Buffer, _enc: BufferEncoding, cb: (err?: Error | null) => void): void {
    const peer = this.peer;
    process.nextTick(() => {
      if (peer !== undefined && !peer.destroyed) peer.push(chunk);
    });
    cb();
  }

  override _final(cb: (err?: Error | null) => void): void {
    const peer = this.peer;
    process.nextTick(() => {
      if (peer !== undefined && !peer.destroyed) peer.push(null);
    });
    cb();
  }

  override _destroy(err: Error | null, cb: (err?: Error | null) => void): void {
    const peer = this.peer;
    this.peer = undefined;
    if (peer !== undefined) {
      peer.peer = undefined;
      process.nextTick(() => {
        if (!peer.destroyed) {
          peer.push(null);
          peer.destroy();
        }
      });
    }
    cb(err);
  }
}

/** Returns [hostEnd, deviceEnd]. */
export function createPortPair(): [Duplex, Duplex] {
  const a = new PairEnd();
  const b = new PairEnd();
  a.peer = b;
  b.peer = a;
  return [a, b];
}
