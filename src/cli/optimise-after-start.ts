import { setFlagsFromString } from "node:v8";

/**
 * Holds back V8's optimising compiler (TurboFan) while a long-running command starts, and
 * turns it on once the start-up is over.
 *
 * Start-up code (module bodies, building the config schemas, validating the config) runs
 * once, yet gets hot enough for TurboFan. Its compile jobs run on V8's worker threads, and the
 * memory they take comes from those threads' own malloc arenas, which keep it after the job
 * ends: measured 9–11 MB of resident memory that an idle gateway never hands back. The code
 * that runs for months (the send path, the AT channel) is still optimised: it gets hot after
 * start-up, when the compiler is on again. Both flags are read each time V8 decides whether to
 * optimise a function, so switching them at run time is safe (unlike the GC's threading).
 *
 * An explicit choice wins: with the optimiser named on node's command line or in NODE_OPTIONS
 * (`--turbofan`, `--opt`, their `--no-` forms, `--jitless`), nothing is changed.
 */
const DEFER = "--no-turbofan";
const RESUME = "--turbofan";

/** A start-up that never ends (a hung modem port) still gets the optimiser after this long. */
export const RESUME_AFTER_MS = 60_000;

export function userChoseOptimiser(
  execArgv: readonly string[],
  nodeOptions: string | undefined,
): boolean {
  const given = [...execArgv, ...(nodeOptions ?? "").split(/\s+/)];
  return given.some((f) => /^--(no[-_])?(turbofan|opt|jitless)\b/.test(f));
}

let state: "deferred" | "on" | "node flags" | "node defaults" = "node defaults";
let fallback: NodeJS.Timeout | undefined;

/** Called by the entry point for `smsgw run` and `demo`, before their modules load. */
export function deferOptimiser(): void {
  if (userChoseOptimiser(process.execArgv, process.env.NODE_OPTIONS)) {
    state = "node flags";
    return;
  }
  setFlagsFromString(DEFER);
  state = "deferred";
  fallback = setTimeout(resumeOptimiser, RESUME_AFTER_MS);
  fallback.unref();
}

/** Start-up is over (the gateway started, or could not): hot code is optimised from now on. */
export function resumeOptimiser(): void {
  clearTimeout(fallback);
  fallback = undefined;
  if (state !== "deferred") return;
  setFlagsFromString(RESUME);
  state = "on";
}

/** For the start-up log. */
export function optimiserPolicy(): string {
  return state === "deferred" || state === "on" ? "after start-up" : state;
}
