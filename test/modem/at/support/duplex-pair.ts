import { Duplex } from "node:stream";

/**
 * Two connected in-memory byte streams (Node 20 has no stream.duplexPair): what one end writes
 * the other reads. Destroying one end ends the other, like a cable pulled out.
 */
export function duplexPair(): [Duplex, Duplex] {
  const ended = new WeakSet<Duplex>();
  const end = (d: Duplex) => {
    if (ended.has(d) || d.destroyed) return;
    ended.add(d);
    d.push(null);
  };
  const make = (peer: () => Duplex) =>
    new Duplex({
      read() {},
      write(chunk: Buffer, _enc, cb) {
        const p = peer();
        if (!ended.has(p) && !p.destroyed) p.push(chunk);
        cb();
      },
      final(cb) {
        end(peer());
        cb();
      },
      destroy(err, cb) {
        end(peer());
        cb(err);
      },
    });
  const a: Duplex = make(() => b);
  const b: Duplex = make(() => a);
  return [a, b];
}
