import { setFlagsFromString } from "node:v8";

/**
 * Sizes V8's young generation to the traffic in every `smsgw` process, however it was started.
 *
 * V8 sizes the young generation's ceiling from the machine's RAM (16 MB per semi-space on a
 * 4 GB Pi) and grows towards it when many objects survive a scavenge, as they do while
 * thousands of messages a second are in flight. Kept at its initial 1 MB, a burst of HTTP
 * requests spent a quarter of the gateway's time in the garbage collector (objects of requests
 * still in flight promoted, then collected by full collections); allowed to grow, 8 %. A grown
 * young generation is handed back once traffic stops: the idle collection (`idle-collect.ts`)
 * runs a full collection when V8 sees no allocation, and V8 then shrinks it to its initial
 * size. Start-up never grows it: the growth factor is 1 until the gateway has started. The
 * factor is read each time the young generation would grow, so it can change at run time
 * (the ceiling cannot: `--max-semi-space-size` only works on node's command line).
 *
 * An explicit choice wins: with `--max-semi-space-size` or `--semi-space-growth-factor` on
 * node's command line or in NODE_OPTIONS, nothing is changed.
 */
export const GROWTH_FLAG = "--semi-space-growth-factor=1";
/** V8's own default: each growth doubles the young generation, up to its ceiling. */
export const TRAFFIC_GROWTH_FLAG = "--semi-space-growth-factor=2";

export function userSizedYoungGeneration(
  execArgv: readonly string[],
  nodeOptions: string | undefined,
): boolean {
  const given = [...execArgv, ...(nodeOptions ?? "").split(/\s+/)];
  return given.some((f) =>
    /^--(max[-_]semi[-_]space[-_]size|semi[-_]space[-_]growth[-_]factor)\b/.test(f),
  );
}

let policy: "capped" | "grows with traffic" | "node flags" | "node defaults" = "node defaults";

/** Called first thing by the `smsgw` entry point, before the gateway's modules load. */
export function capYoungGeneration(): void {
  if (userSizedYoungGeneration(process.execArgv, process.env.NODE_OPTIONS)) policy = "node flags";
  else {
    setFlagsFromString(GROWTH_FLAG);
    policy = "capped";
  }
}

/**
 * The gateway has started: from now on the young generation may grow under traffic (and is
 * shrunk by the idle collection). Nothing changes when node's flags size it.
 */
export function letYoungGenerationGrow(): void {
  if (policy !== "capped") return;
  setFlagsFromString(TRAFFIC_GROWTH_FLAG);
  policy = "grows with traffic";
}

/** For the start-up log: whether this process capped its young generation, or node's flags decide. */
export function youngGenerationPolicy(): string {
  return policy;
}
