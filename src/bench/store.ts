import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Store } from "../store/index.js";

/**
 * `npm run bench -- store [depth …] [--messages N]`: durable enqueue latency (p50/p99) and
 * bytes written per message at live-queue depths 100, 1,000 and 10,000 (goal:
 * ≤ 4 KiB per message, and at 10,000 no more than twice the figure at 100).
 *
 * Steady state: each step enqueues one message (timed) and retires the oldest, so the depth
 * holds. Bytes come from /proc/self/io: `wchar` (bytes this process wrote) and `write_bytes`
 * (bytes it made the kernel send to storage — page granular: an fsync'd append of a few
 * hundred bytes still dirties one 4 KiB page). A second pass enqueues in bursts of 32 to
 * show group commit. Snapshots are counted in whenever one falls in the window; the design
 * bounds them to ≤ the journal bytes (compactRatio 1), so amortised bytes ≤ 2 × journal.
 */

interface Rec {
  id: string;
  to: string;
  text: string;
  status: string;
  [k: string]: unknown;
}
interface Doc {
  outbox: Record<string, Rec>;
  seq: number;
}

function record(i: number): Rec {
  const now = new Date().toISOString();
  return {
    id: `msg-${i.toString(36).padStart(8, "0")}`,
    to: "+491701234567",
    text: "Your verification code is 482913. It expires in 10 minutes. Do not share it.".padEnd(
      150,
      ".",
    ),
    status: "queued",
    parts: 1,
    partsSent: 0,
    encoding: "gsm7",
    priority: "normal",
    createdAt: now,
    updatedAt: now,
    seq: i,
    deliveryReport: true,
    encodingRequest: "auto",
    concatRef: i & 0xff,
    expiresAt: Date.now() + 86_400_000,
    attempts: 0,
    mrs: [],
    sentAt: [],
    reports: [],
  };
}

async function io(): Promise<{ wchar: number; writeBytes: number }> {
  try {
    const text = await readFile("/proc/self/io", "utf8");
    const get = (k: string) =>
      Number(new RegExp(`^${k}: (\\d+)`, "m").exec(text)?.[1] ?? Number.NaN);
    return { wchar: get("wchar"), writeBytes: get("write_bytes") };
  } catch {
    return { wchar: Number.NaN, writeBytes: Number.NaN };
  }
}

function pct(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

const kib = (n: number) => `${(n / 1024).toFixed(2)} KiB`;

async function benchDepth(depth: number, messages: number) {
  const dir = await mkdtemp(join(tmpdir(), "smsgw-bench-store-"));
  const live: string[] = [];
  try {
    const store = await Store.open<Doc>({
      dir,
      defaults: { outbox: {}, seq: 0 },
      // O(1) count, as the service keeps one (Object.keys of 10,000 entries costs ~0.5 ms).
      capacity: { limit: depth + 64, count: () => live.length },
    });
    let next = 0;
    await store.update((d) => {
      for (let i = 0; i < depth; i++) {
        const r = record(next++);
        d.outbox[r.id] = r;
        live.push(r.id);
      }
    });
    await store.live.compact();
    const enq = { wchar: 0, writeBytes: 0 };
    const step = async (lat?: number[]) => {
      const r = record(next++);
      const before = lat === undefined ? undefined : await io();
      const t0 = performance.now();
      await store.update(
        (d) => {
          d.outbox[r.id] = r;
          d.seq++;
        },
        { adds: 1 },
      );
      lat?.push(performance.now() - t0);
      if (before !== undefined) {
        const after = await io();
        enq.wchar += after.wchar - before.wchar;
        enq.writeBytes += after.writeBytes - before.writeBytes;
      }
      live.push(r.id);
      const old = live.shift() as string;
      await store.update((d) => {
        delete d.outbox[old];
      });
    };
    for (let i = 0; i < 50; i++) await step();

    const lat: number[] = [];
    const s0 = store.live.stats;
    const io0 = await io();
    for (let i = 0; i < messages; i++) await step(lat);
    const io1 = await io();
    const s1 = store.live.stats;
    lat.sort((a, b) => a - b);

    // Bursts: 32 enqueues at once (one group commit), then their retirement at once.
    const bio0 = await io();
    const bursts = Math.max(1, Math.floor(messages / 32));
    const tb = performance.now();
    for (let b = 0; b < bursts; b++) {
      const recs = Array.from({ length: 32 }, () => record(next++));
      await Promise.all(
        recs.map((r) =>
          store.update(
            (d) => {
              d.outbox[r.id] = r;
            },
            { adds: 1 },
          ),
        ),
      );
      await Promise.all(
        recs.map((r) =>
          store.update((d) => {
            delete d.outbox[r.id];
          }),
        ),
      );
    }
    const burstMs = performance.now() - tb;
    const bio1 = await io();
    const snapshotBytes = store.live.stats.snapshotBytes;
    await store.close();
    return {
      depth,
      p50: pct(lat, 50),
      p99: pct(lat, 99),
      enqWchar: enq.wchar / messages,
      enqWriteBytes: enq.writeBytes / messages,
      wchar: (io1.wchar - io0.wchar) / messages,
      writeBytes: (io1.writeBytes - io0.writeBytes) / messages,
      snapshots: s1.snapshots - s0.snapshots,
      journalPerMsg: (s1.bytesWritten - s0.bytesWritten) / messages,
      burstWchar: (bio1.wchar - bio0.wchar) / (bursts * 32),
      burstWriteBytes: (bio1.writeBytes - bio0.writeBytes) / (bursts * 32),
      burstRate: (bursts * 32) / (burstMs / 1000),
      snapshotBytes,
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

export async function run(args: string[]): Promise<void> {
  let messages = 2000;
  const depths: number[] = [];
  for (let i = 0; i < args.length; i++) {
    if (args[i] === "--messages") messages = Number(args[++i]);
    else depths.push(Number(args[i]));
  }
  if (depths.length === 0) depths.push(100, 1_000, 10_000);
  console.log(
    `store bench: ${messages} messages per depth, each enqueued (timed) and retired (journal + fdatasync)`,
  );
  const rows = [];
  for (const depth of depths) {
    const r = await benchDepth(depth, messages);
    rows.push(r);
    console.log(
      `depth ${String(depth).padStart(6)}: enqueue p50 ${r.p50.toFixed(2)} ms, p99 ${r.p99.toFixed(2)} ms | ` +
        `per enqueue: wchar ${kib(r.enqWchar)}, write_bytes ${kib(r.enqWriteBytes)} | ` +
        `per message (enqueue+retire): wchar ${kib(r.wchar)}, write_bytes ${kib(r.writeBytes)}, ` +
        `snapshots ${r.snapshots} | bursts of 32: wchar ${kib(r.burstWchar)}, write_bytes ${kib(r.burstWriteBytes)}, ` +
        `${Math.round(r.burstRate)} msg/s | a whole-file rewrite would write ${kib(r.snapshotBytes)} per change`,
    );
  }
  const first = rows[0];
  const last = rows.at(-1);
  if (first !== undefined && last !== undefined && rows.length > 1) {
    console.log(
      `flatness (per enqueue): wchar ×${(last.enqWchar / first.enqWchar).toFixed(2)}, write_bytes ×${(last.enqWriteBytes / first.enqWriteBytes).toFixed(2)} ` +
        `from depth ${first.depth} to ${last.depth} (goal ≤ ×2)`,
    );
  }
}
