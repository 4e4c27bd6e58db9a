import { describe, expect, it } from "vitest";
import { userSizedYoungGeneration } from "../../src/cli/young-generation.js";

describe("whether node's own flags size the young generation", () => {
  it("is no for a plain `node dist/cli/main.js run`", () => {
    expect(userSizedYoungGeneration([], undefined)).toBe(false);
  });

  it("is yes for --max-semi-space-size on node's command line", () => {
    expect(userSizedYoungGeneration(["--max-semi-space-size=1"], undefined)).toBe(true);
  });

  it("is yes for --max-semi-space-size in NODE_OPTIONS", () => {
    expect(userSizedYoungGeneration([], "--enable-source-maps --max-semi-space-size=1")).toBe(true);
  });

  it("is yes for V8's underscore spelling of the growth factor", () => {
    expect(userSizedYoungGeneration(["--semi_space_growth_factor=4"], "")).toBe(true);
  });

  it("is no for unrelated flags", () => {
    expect(userSizedYoungGeneration(["--max-old-space-size=256"], "--enable-source-maps")).toBe(
      false,
    );
  });
});
