import { setFlagsFromString } from "node:v8";

/**
 * Keeps V8's young generation at its initial size (1 MB per semi-space on 64-bit) in every
 * `smsgw` process, however it was started.
 *
 * V8 sizes the young generation's ceiling from the machine's RAM (16 MB per semi-space on a
 * 4 GB Pi) and grows towards it under a burst of messages; the grown space stays resident
 * long after the burst. `--max-semi-space-size=1` avoids that but only works on node's command
 * line: the ceiling is fixed when the heap is created, so `setFlagsFromString` cannot lower it
 * later. The growth factor, however, is read each time the young generation would grow, so
 * setting it to 1 at run time keeps the space at its initial size: the same effect, in this
 * process, without a wrapper process or a second node (which would cost ≈ 40 MB itself).
 *
 * An explicit choice wins: with `--max-semi-space-size` or `--semi-space-growth-factor` on
 * node's command line or in NODE_OPTIONS, nothing is changed.
 */
export const GROWTH_FLAG = "--semi-space-growth-factor=1";

export function userSizedYoungGeneration(
  execArgv: readonly string[],
  nodeOptions: string | undefined,
): boolean {
  const given = [...execArgv, ...(nodeOptions ?? "").split(/\s+/)];
  return given.some((f) =>
    /^--(max[-_]semi[-_]space[-_]size|semi[-_]space[-_]growth[-_]factor)\b/.test(f),
  );
}

let policy: "capped" | "node flags" | "node defaults" = "node defaults";

/** Called first thing by the `smsgw` entry point, before the gateway's modules load. */
export function capYoungGeneration(): void {
  if (userSizedYoungGeneration(process.execArgv, process.env.NODE_OPTIONS)) policy = "node flags";
  else {
    setFlagsFromString(GROWTH_FLAG);
    policy = "capped";
  }
}

/** For the start-up log: whether this process capped its young generation, or node's flags decide. */
export function youngGenerationPolicy(): string {
  return policy;
}
