import { getHeapSpaceStatistics, setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";

/**
 * Memory figures of the benches that measure RSS (pipeline, mqtt). A full GC runs first, so
 * `heap used` is live data; the rest of RSS is the node binary's pages,
 * V8's committed but empty space (mostly the young generation, which V8 grows up to
 * 2 × --max-semi-space-size under load) and native memory (Buffers, malloc arenas).
 */
export function memoryLine(label: string): string {
  fullGc();
  const m = process.memoryUsage();
  const young = getHeapSpaceStatistics().find((s) => s.space_name === "new_space");
  return (
    `${label}: RSS ${mb(m.rss)} (heap used ${mb(m.heapUsed)} of ${mb(m.heapTotal)}, ` +
    `young generation ${mb(young?.physical_space_size ?? 0)}, external ${mb(m.external)}, ` +
    `array buffers ${mb(m.arrayBuffers)})`
  );
}

/** Flags V8/Node runs with, for the record (e.g. `--max-semi-space-size=2`). */
export function nodeFlags(): string {
  const flags = [...process.execArgv, ...(process.env.NODE_OPTIONS?.split(/\s+/) ?? [])].filter(
    (f) => f !== "",
  );
  return flags.length === 0 ? "node defaults" : flags.join(" ");
}

/**
 * After a burst V8 keeps its grown young generation until a full GC sees the allocation rate
 * low (its throughput window is 5 s): wait that out, then measure again.
 */
export async function settled(label: string, ms = 6_000): Promise<string> {
  await new Promise((resolve) => setTimeout(resolve, ms));
  fullGc();
  // Freed pages go back to the OS from a V8 background thread.
  await new Promise((resolve) => setTimeout(resolve, 500));
  return memoryLine(`${label} (${ms / 1000} s idle)`);
}

let gc: (() => void) | undefined;

/** `npm run bench` runs node without `--expose-gc`: a bench may switch it on for itself. */
function fullGc(): void {
  if (gc === undefined) {
    if (global.gc === undefined) setFlagsFromString("--expose-gc");
    gc = global.gc ?? (runInNewContext("gc") as () => void);
  }
  gc();
}

function mb(n: number): string {
  return `${(n / 1048576).toFixed(1)} MB`;
}
