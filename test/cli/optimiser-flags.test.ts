import { describe, expect, it } from "vitest";
import { userChoseOptimiser } from "../../src/cli/optimise-after-start.js";

describe("whether node's own flags choose the optimising compiler", () => {
  it("is no for a plain `node dist/cli/main.js run`", () => {
    expect(userChoseOptimiser([], undefined)).toBe(false);
  });

  it("is yes for --no-opt on node's command line", () => {
    expect(userChoseOptimiser(["--no-opt"], undefined)).toBe(true);
  });

  it("is yes for --turbofan in NODE_OPTIONS", () => {
    expect(userChoseOptimiser([], "--enable-source-maps --turbofan")).toBe(true);
  });

  it("is yes for --jitless", () => {
    expect(userChoseOptimiser(["--jitless"], "")).toBe(true);
  });

  it("is no for unrelated flags that share a prefix", () => {
    expect(userChoseOptimiser(["--optimize-for-size"], "--max-old-space-size=256")).toBe(false);
  });
});
