import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

/** The idle collection reaches V8's full GC in a plain node process (no --expose-gc). */

const MODULE = fileURLToPath(new URL("../../dist/cli/idle-collect.js", import.meta.url));

describe("the idle collection in a node process started without flags", () => {
  it("hands the old generation's emptied pages back once the quiet period has passed", () => {
    const script = `
      const { collectWhenIdle } = await import(${JSON.stringify(MODULE)});
      const { EventEmitter } = await import("node:events");
      const v8 = await import("node:v8");
      const size = () => v8.getHeapSpaceStatistics().find((s) => s.space_name === "old_space").space_size;
      let keep = [];
      for (let i = 0; i < 1000000; i++) keep.push({ i, s: "message " + i });
      // A few survivors on every page: only a compacting collection can empty the pages.
      const survivors = keep.filter((_, i) => i % 50 === 0);
      keep = null;
      const before = size();
      const events = new EventEmitter();
      const idle = collectWhenIdle(events, { quietMs: 50 });
      events.emit("outbound");
      setTimeout(() => { idle.stop(); console.log(JSON.stringify({ before, after: size(), survivors: survivors.length })); }, 300);`;
    const out = spawnSync(process.execPath, ["--input-type=module", "-e", script], {
      encoding: "utf8",
      env: { ...process.env, NODE_OPTIONS: "" },
    });
    const { before, after } = JSON.parse(out.stdout) as { before: number; after: number };
    expect(after).toBeLessThan(before / 4);
  });
});
