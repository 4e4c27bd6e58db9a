import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

/**
 * `smsgw run` holds back V8's optimising compiler until its start-up is over, then turns it
 * on. Observed with V8's own test hooks (`--allow-natives-syntax`): a function asked to be
 * optimised is, or is not, compiled by TurboFan.
 */

const MODULE = fileURLToPath(new URL("../../dist/cli/optimise-after-start.js", import.meta.url));

/** Whether a fresh function gets optimised: before and after `resumeOptimiser()`. */
function optimisedBeforeAndAfterResume(nodeFlags: string[]): { before: boolean; after: boolean } {
  // Bit 4 of %GetOptimizationStatus: the function runs TurboFan code.
  const script = `
    const m = await import(${JSON.stringify(MODULE)});
    m.deferOptimiser();
    const optimised = (f) => {
      %PrepareFunctionForOptimization(f); f(1); f(2); %OptimizeFunctionOnNextCall(f); f(3);
      return (%GetOptimizationStatus(f) & 16) !== 0;
    };
    const before = optimised((a) => a * 2 + 1);
    m.resumeOptimiser();
    const after = optimised((a) => a * 3 + 1);
    console.log(JSON.stringify({ before, after }));`;
  const out = spawnSync(
    process.execPath,
    ["--allow-natives-syntax", ...nodeFlags, "--input-type=module", "-e", script],
    { encoding: "utf8", env: { ...process.env, NODE_OPTIONS: "" } },
  );
  if (out.status !== 0) throw new Error(out.stderr);
  return JSON.parse(out.stdout) as { before: boolean; after: boolean };
}

describe("the optimising compiler of smsgw run", () => {
  it("optimises nothing during start-up and hot code once start-up is over", () => {
    expect(optimisedBeforeAndAfterResume([])).toEqual({ before: false, after: true });
  });

  it("is left as node's flags say when they name it", () => {
    expect(optimisedBeforeAndAfterResume(["--turbofan"])).toEqual({ before: true, after: true });
  });
});
